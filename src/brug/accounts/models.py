from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from brug.accounts.roles import Role
from brug.core.bounds import length_check
from brug.core.i18n import gettext_lazy


class User(AbstractUser):
    """A person who logs in. What they may do comes only from their memberships."""

    preferred_language = models.CharField(
        max_length=2,
        default="nl",
        choices=[("nl", "NL"), ("en", "EN")],
        verbose_name=gettext_lazy("preferred language"),
    )
    is_demo = models.BooleanField(
        default=False, help_text="Generated demo account", verbose_name=gettext_lazy("demo")
    )
    mail_digest = models.BooleanField(
        default=False,
        help_text="One e-mail a day with all notifications instead of one each",
        verbose_name=gettext_lazy("e-mail notifications"),
    )
    oidc_subject = models.CharField(
        max_length=255,
        blank=True,
        help_text="Government login (OpenID Connect) identity, linked",
        verbose_name=gettext_lazy("government login identity"),
    )

    class Meta:
        verbose_name = gettext_lazy("user")
        verbose_name_plural = gettext_lazy("users")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="user_oidc_subject_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(preferred_language__in=["nl", "en"]),
                name="user_language_known",
            ),
            length_check("username", 150, name="user_username_length"),
            length_check("first_name", 150, name="user_first_name_length"),
            length_check("last_name", 150, name="user_last_name_length"),
            length_check("email", 254, name="user_email_length"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user holds a role for one organisation. The role's scope follows from that organisation."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=gettext_lazy("user"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=gettext_lazy("organisation"),
    )
    role = models.CharField(max_length=32, choices=Role.choices, verbose_name=gettext_lazy("role"))
    is_active = models.BooleanField(default=True, verbose_name=gettext_lazy("active"))
    is_org_admin = models.BooleanField(
        default=False,
        help_text="Organisation administrator: invites colleagues, manages roles",
        verbose_name=gettext_lazy("organisation administrator"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=gettext_lazy("created at"))

    class Meta:
        verbose_name = gettext_lazy("membership")
        verbose_name_plural = gettext_lazy("memberships")
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


class Invitation(models.Model):
    """An invitation to hold a role for an organisation. Only a hash of the token is stored;
    the link in the e-mail carries the token itself. It expires and can be used once."""

    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=32, choices=Role.choices)
    as_org_admin = models.BooleanField(default=False)
    language = models.CharField(max_length=2, default="nl", choices=[("nl", "NL"), ("en", "EN")])
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_count = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("invitation")
        verbose_name_plural = gettext_lazy("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="invitation_role_known"
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=["nl", "en"]), name="invitation_language_known"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(sent_count__gte=1, sent_count__lte=10),
                name="invitation_sent_count_bounded",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(withdrawn_at__isnull=True),
                name="invitation_not_accepted_and_withdrawn",
            ),
            length_check("email", 254, name="invitation_email_length"),
        ]
        indexes = [models.Index(fields=["organisation", "accepted_at", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()} · {self.organisation}"


class SignIn(models.Model):
    """A successful sign-in, shown to the person as "recent sign-ins"."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_ins")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    method = models.CharField(
        max_length=8, choices=[("password", gettext_lazy("Password")), ("oidc", "OpenID Connect")]
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = gettext_lazy("sign-in")
        verbose_name_plural = gettext_lazy("sign-ins")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method__in=["password", "oidc"]), name="signin_method_known"
            ),
            length_check("user_agent", 300, name="signin_user_agent_length"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M} {self.method}"
