"""Base for mutations: permission check, one transaction, errors in the payload.

    class ProductCreate(BaseMutation):
        product = graphene.Field(Product)

        class Arguments:
            input = ProductCreateInput(required=True)

        class Meta:
            permissions = (PermissionEnum.MANAGE_PRODUCTS,)
            error_type_class = ProductError

        @classmethod
        def perform_mutation(cls, root, info, **data):
            ...  # raise ValidationError for bad input; return cls(product=...)
"""
from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from graphene.types.mutation import MutationOptions

from .context import has_one_of_permissions
from .errors import PermissionDenied, ValidationError
from .types import NonNullList


class BaseMutationOptions(MutationOptions):
    permissions = ()
    error_type_class = None
    error_code_invalid = "INVALID"


class BaseMutation(graphene.Mutation):
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
        if not cls.check_permissions(info.context):
            raise PermissionDenied(permissions=cls._meta.permissions)
        try:
            with transaction.atomic():
                return cls.perform_mutation(root, info, **data)
        except ValidationError as error:
            return cls.error_response(error.errors)
        except DjangoValidationError as error:
            return cls.error_response(_from_django(error))
        except IntegrityError:
            # A concurrent write took a unique value between our check and our insert.
            return cls.error_response([(None, "UNIQUE", "This value is already in use; try again with another.")])

    @classmethod
    def error_response(cls, errors):
        error_type = cls._meta.error_type_class
        known = {member.name for member in error_type._meta.fields["code"].type.of_type._meta.enum}
        return cls(
            errors=[
                error_type(field=field, code=(code or "").upper() if (code or "").upper() in known else "INVALID", message=message)
                for field, code, message in errors
            ]
        )

    @classmethod
    def perform_mutation(cls, root, info, **data):
        raise NotImplementedError


def _from_django(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return [
            (field, getattr(e, "code", None) or "INVALID", " ".join(e.messages))
            for field, errors in error.error_dict.items()
            for e in errors
        ]
    return [(None, getattr(error, "code", None) or "INVALID", " ".join(error.messages))]
