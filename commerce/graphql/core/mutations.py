"""The one base for mutations: rate-limit hook, permission check, transaction policy, and the
one mapping of a refusal into the payload's `errors { field code message }`.

    class ProductCreate(BaseMutation):
        product = graphene.Field(Product)

        class Arguments:
            input = ProductCreateInput(required=True)

        class Meta:
            permissions = (PermissionEnum.MANAGE_PRODUCTS,)
            error_type_class = ProductError

        @classmethod
        def perform_mutation(cls, root, info, **data):
            ...  # raise (Django's) ValidationError for bad input; return cls(product=...)

Subclasses configure, they do not override `mutate`:
- `atomic = False` runs perform_mutation without the enclosing transaction (sign-in, payments);
- `rate_limit_name` counts every execution (aliases included) before anything runs;
- `refusals` / `as_validation_error` answer other domain exceptions in the payload;
- `error_payload` adds what a failed payload needs beyond `errors` (non-null fields).
Services open their own transactions; the one here also holds row locks taken while resolving
the input (get_locked_checkout) until the service has written.
"""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from graphene.types.mutation import MutationOptions

from commerce.core.validation import error

from .context import has_one_of_permissions
from .errors import PermissionDenied, payload_errors
from .ratelimits import count_execution
from .types import NonNullList


class BaseMutationOptions(MutationOptions):
    permissions = ()
    error_type_class = None


class BaseMutation(graphene.Mutation):
    # Run perform_mutation in one transaction, rolled back when the mutation is refused.
    atomic = True
    # When set, each execution is counted under this name by the per-address rate limits.
    rate_limit_name: str | None = None
    # Domain exceptions besides ValidationError answered in the payload (see as_validation_error).
    refusals: tuple = ()
    # A unique value taken concurrently between a service's check and its insert.
    unique_violation_message = "This value is already in use; try again with another."
    # Bulk payloads' error types name the field `path` instead of `field`.
    error_field_attr = "field"

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, permissions=(), error_type_class=None, _meta=None, **options):
        _meta = _meta or BaseMutationOptions(cls)
        _meta.permissions = tuple(permissions)
        _meta.error_type_class = error_type_class
        if error_type_class is not None:
            setattr(cls, "errors", NonNullList(error_type_class))
        super().__init_subclass_with_meta__(_meta=_meta, **options)

    @classmethod
    def check_permissions(cls, context) -> bool:
        return not cls._meta.permissions or has_one_of_permissions(context, cls._meta.permissions)

    @classmethod
    def mutate(cls, root, info, **data):
        if cls.rate_limit_name:
            count_execution(info.context, cls.rate_limit_name)
        if not cls.check_permissions(info.context):
            raise PermissionDenied(permissions=cls._meta.permissions)
        try:
            if cls.atomic:
                with transaction.atomic():
                    result = cls.perform_mutation(root, info, **data)
            else:
                result = cls.perform_mutation(root, info, **data)
        except ValidationError as exc:
            return cls.error_payload(payload_errors(exc, cls._meta.error_type_class, cls.error_field_attr))
        except IntegrityError:
            if not cls.atomic:
                raise  # no transaction of ours was rolled back: not ours to answer
            refusal = error(None, "UNIQUE", cls.unique_violation_message)
            return cls.error_payload(payload_errors(refusal, cls._meta.error_type_class, cls.error_field_attr))
        except cls.refusals as exc:
            return cls.error_payload(payload_errors(cls.as_validation_error(exc), cls._meta.error_type_class, cls.error_field_attr))
        if getattr(result, "errors", None) is None:
            result.errors = []
        return result

    @classmethod
    def as_validation_error(cls, exc) -> ValidationError:
        raise NotImplementedError(f"{cls.__name__} lists {type(exc).__name__} in refusals without saying how to answer it")

    @classmethod
    def error_payload(cls, errors: list):
        """A refused mutation's payload; required list/count fields of a bulk payload are
        non-null in Saleor, so they are answered empty."""
        empty = {}
        if "count" in cls._meta.fields:
            empty["count"] = 0
        for name in ("results", "product_variants"):
            if name in cls._meta.fields:
                empty[name] = []
        return cls(errors=errors, **empty)

    @classmethod
    def perform_mutation(cls, root, info, **data):
        raise NotImplementedError
