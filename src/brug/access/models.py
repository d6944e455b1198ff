from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from brug.core.i18n import gettext_lazy

NAME_MAX = 100
TOKEN_MAX_DAYS = 366


class ApiToken(models.Model):
    """A named, scoped, expiring API token. Only a hash of the secret is stored.

    A personal token acts as its person with all their roles; an organisation token acts as
    its creator with only the roles held for that organisation, and the organisation's other
    members see and may revoke it. Both are limited to their scopes (`brug.access.scopes`)."""

    name = models.CharField(max_length=NAME_MAX)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("API token")
        verbose_name_plural = gettext_lazy("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="apitoken_name_not_empty"),
            models.CheckConstraint(condition=~Q(secret_hash=""), name="apitoken_secret_hash_set"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="apitoken_expires_after_created"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_organisation_token(self) -> bool:
        return self.organisation_id is not None


class ApiTokenUse(models.Model):
    """One authenticated request made with a token."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("API token use")
        verbose_name_plural = gettext_lazy("API token uses")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.method} {self.path}"
