"""The mutations that check or set a password, and the validation rule capping how many of
them one document may hold.

Each of them costs a slow password hash and is what a password sprayer or an account farmer
repeats; aliases let a client put dozens of them in one request. The per-address limits count
every execution (ratelimits.py), and this rule refuses, before anything runs, a document with
more than a few — no client needs more (sign up and sign in is two)."""

from __future__ import annotations

from graphql import FieldNode, FragmentSpreadNode, GraphQLError, InlineFragmentNode, OperationType, ValidationRule

# Saleor's names, including those our schema does not have yet, so the cap holds when they come.
CREDENTIAL_MUTATIONS = frozenset(
    {
        "tokenCreate",
        "accountRegister",
        "setPassword",
        "passwordChange",
        "requestPasswordReset",
        "requestEmailChange",
    }
)
MAX_CREDENTIAL_MUTATIONS_PER_DOCUMENT = 3


def root_fields(selection_set, fragment_of, seen: frozenset = frozenset()):
    """The operation's root fields, looking inside inline fragments and fragment spreads (a spread
    is followed once per path, so a cycle — invalid anyway, reported by the spec's rules — ends)."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from root_fields(selection.selection_set, fragment_of, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragment_of(name)
            if fragment is not None and name not in seen:
                yield from root_fields(fragment.selection_set, fragment_of, seen | {name})


class CredentialMutationsLimitRule(ValidationRule):
    """Refuse a mutation holding more than MAX_CREDENTIAL_MUTATIONS_PER_DOCUMENT credential
    fields, aliases and fragments included (@skip/@include are not looked at: counting a skipped
    field errs on the safe side)."""

    def enter_operation_definition(self, node, *_args):
        if node.operation != OperationType.MUTATION:
            return
        count = sum(1 for field in root_fields(node.selection_set, self.context.get_fragment) if field.name.value in CREDENTIAL_MUTATIONS)
        if count > MAX_CREDENTIAL_MUTATIONS_PER_DOCUMENT:
            self.report_error(
                GraphQLError(
                    f"The document holds {count} sign-in, registration or password mutations; "
                    f"at most {MAX_CREDENTIAL_MUTATIONS_PER_DOCUMENT} are allowed in one document.",
                    node,
                    extensions={"exception": {"code": "TOO_MANY_CREDENTIAL_MUTATIONS"}},
                )
            )
