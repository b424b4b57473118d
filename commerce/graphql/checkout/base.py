"""What checkout and order mutations share: finding the checkout by any of Saleor's three
arguments (id, checkoutId, token) under a row lock, and payload errors that keep the IDs and
address type a service names."""
from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction

from commerce.checkout.services import lock_checkout
from commerce.core.validation import flatten
from commerce.graphql.core.errors import PermissionDenied, ValidationError
from commerce.graphql.core.model_mutations import ModelMutation, decode_id

LIST_PARAMS = ("variants", "lines", "order_lines")


def payload_errors(exc, error_type, field_attr: str = "field") -> list:
    code_type = error_type._meta.fields["code"].type
    known = {member.name for member in getattr(code_type, "of_type", code_type)._meta.enum}
    rows = [(f, c, m, {}) for f, c, m in exc.errors] if isinstance(exc, ValidationError) else flatten(exc)
    out = []
    for field, code, message, params in rows:
        code = (code or "").upper()
        kwargs = {field_attr: field, "code": code if code in known else "INVALID", "message": message}
        for name in LIST_PARAMS:
            if params.get(name) and name in error_type._meta.fields:
                kwargs[name] = list(params[name])
        if params.get("warehouse") and "warehouse" in error_type._meta.fields:
            kwargs["warehouse"] = params["warehouse"]
        if params.get("address_type") and "address_type" in error_type._meta.fields:
            kwargs["address_type"] = params["address_type"].lower()
        out.append(error_type(**kwargs))
    return out


class DomainMutation(ModelMutation):
    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **data):
        if not cls.check_permissions(info.context):
            raise PermissionDenied(permissions=cls._meta.permissions)
        error_type = cls._meta.error_type_class
        try:
            with transaction.atomic():
                result = cls.perform_mutation(root, info, **data)
        except (ValidationError, DjangoValidationError) as exc:
            return cls(errors=payload_errors(exc, error_type, cls.error_field_attr), **cls.empty_payload())
        except IntegrityError:
            return cls(errors=payload_errors(ValidationError([(None, "UNIQUE", "This value is already in use; try again.")]), error_type, cls.error_field_attr), **cls.empty_payload())
        if getattr(result, "errors", None) is None:
            result.errors = []
        return result


def checkout_token_from(data: dict, field_names=("id", "checkout_id", "token")) -> uuid.UUID:
    """Saleor takes `id` (a Checkout global ID), the deprecated `checkoutId`, or `token`."""
    if data.get("token"):
        return data["token"]
    for name in ("id", "checkout_id"):
        if data.get(name):
            api_name = "checkoutId" if name == "checkout_id" else "id"
            _, pk = decode_id(data[name], "Checkout", api_name)
            try:
                return uuid.UUID(str(pk))
            except ValueError:
                raise ValidationError([(api_name, "NOT_FOUND", f"Couldn't resolve to a node: {data[name]}")])
    raise ValidationError([("id", "GRAPHQL_ERROR", "Provide one of: id, checkoutId, token.")])


def get_locked_checkout(data: dict):
    token = checkout_token_from(data)
    checkout = lock_checkout(token)
    if checkout is None:
        raise ValidationError([("id", "NOT_FOUND", f"Couldn't resolve to a node: {data.get('id') or data.get('checkout_id') or token}")])
    return checkout
