import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from commerce.core.models import ModelWithExternalReference, ModelWithMetadata


class Address(models.Model):
    """A postal address after Vietnam's 2025 reform: street → ward/commune → province.

    Saleor's field names are kept: `city` holds the ward or commune, `country_area` the province;
    `city_area` keeps a pre-2025 district when one is known (history only).
    """

    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    company_name = models.CharField(max_length=256, blank=True)
    street_address_1 = models.CharField(max_length=256, blank=True)
    street_address_2 = models.CharField(max_length=256, blank=True)
    city = models.CharField(max_length=256, blank=True)
    city_area = models.CharField(max_length=128, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="VN")
    country_area = models.CharField(max_length=128, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    metadata = models.JSONField(blank=True, default=dict)
    private_metadata = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("pk",)

    def __str__(self):
        parts = [self.street_address_1, self.city, self.country_area]
        return ", ".join(p for p in parts if p)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, is_staff=False, is_active=True, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, is_staff=is_staff, is_active=is_active, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        return user

    def create_superuser(self, email, password=None, **extra):
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)

    def customers(self):
        return self.get_queryset().filter(is_staff=False)

    def staff(self):
        return self.get_queryset().filter(is_staff=True)


class User(PermissionsMixin, ModelWithMetadata, ModelWithExternalReference, AbstractBaseUser):
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    addresses = models.ManyToManyField(Address, blank=True, related_name="user_addresses")
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_confirmed = models.BooleanField(default=True)
    note = models.TextField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    last_password_reset_request = models.DateTimeField(null=True, blank=True)
    default_shipping_address = models.ForeignKey(Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL)
    default_billing_address = models.ForeignKey(Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL)
    language_code = models.CharField(max_length=35, default="vi")
    # Rotating it invalidates every token issued to the user (logout everywhere).
    jwt_token_key = models.CharField(max_length=12, default="", blank=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True)

    USERNAME_FIELD = "email"
    objects = UserManager()

    class Meta:
        ordering = ("email",)
        permissions = (
            ("manage_users", "Manage customers."),
            ("manage_staff", "Manage staff."),
            ("impersonate_user", "Impersonate user."),
        )

    def __str__(self):
        return self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip() or self.email
