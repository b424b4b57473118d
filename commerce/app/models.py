import hashlib
import secrets
import uuid

from django.contrib.auth.models import Permission
from django.db import models
from django.utils import timezone

from commerce.core.models import ModelWithMetadata


class App(ModelWithMetadata):
    """A client with its own permissions and tokens: catalog_sync, the POS, integrations."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True)
    name = models.CharField(max_length=60)
    identifier = models.CharField(max_length=256, blank=True, null=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)
    type = models.CharField(max_length=60, default="local")
    permissions = models.ManyToManyField(Permission, blank=True, related_name="app_set")
    about_app = models.TextField(blank=True, null=True)

    class Meta(ModelWithMetadata.Meta):
        ordering = ("name", "pk")
        permissions = (("manage_apps", "Manage apps"),)

    def __str__(self):
        return self.name

    def get_permissions(self) -> set[str]:
        if not hasattr(self, "_perm_cache"):
            perms = self.permissions.values_list("content_type__app_label", "codename")
            self._perm_cache = {f"{label}.{codename}" for label, codename in perms}
        return self._perm_cache

    def has_perms(self, perms) -> bool:
        return self.is_active and set(perms) <= self.get_permissions()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class AppTokenManager(models.Manager):
    def create_with_token(self, app: App, name: str = "") -> tuple["AppToken", str]:
        """Create a token and return it with its raw value, which is shown once and not stored."""
        raw = secrets.token_urlsafe(30)
        token = self.create(app=app, name=name, token_hash=hash_token(raw), token_last_4=raw[-4:])
        return token, raw


class AppToken(models.Model):
    app = models.ForeignKey(App, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(blank=True, default="", max_length=128)
    # Only a hash is kept: a leaked database does not leak working tokens.
    token_hash = models.CharField(max_length=64, unique=True)
    token_last_4 = models.CharField(max_length=4)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AppTokenManager()

    class Meta:
        ordering = ("pk",)
