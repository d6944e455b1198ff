from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from brug.accounts.roles import Role


class User(AbstractUser):
    """A person who logs in. What they may do comes only from their memberships."""

    preferred_language = models.CharField(
        max_length=2, default="nl", choices=[("nl", "NL"), ("en", "EN")]
    )
    is_demo = models.BooleanField(default=False, help_text="Generated demo account")

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user holds a role for one organisation. The role's scope follows from that organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_known"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"
