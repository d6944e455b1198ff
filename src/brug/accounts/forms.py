"""Forms only parse input; the services decide. Every form extends core's `AccessibleForm`
(labels through gettext, the shared field template, the error summary of the base template)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

from brug.accounts.roles import ROLE_ORGANISATION_KIND, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from brug.core.forms import AccessibleForm
from brug.core.i18n import Message, gettext_lazy, pgettext_lazy
from brug.core.mail import mail_queue

LABELS: dict[str, Message] = {
    "email": gettext_lazy("E-mail address"),
    "role": gettext_lazy("Role"),
    "as_org_admin": gettext_lazy("Also organisation administrator"),
    "is_org_admin": gettext_lazy("Organisation administrator"),
    "language": gettext_lazy("Language of the invitation"),
    "username": gettext_lazy("Username"),
    "first_name": gettext_lazy("First name"),
    "last_name": pgettext_lazy("Familienaam", "Last name"),
    "password": gettext_lazy("Password"),
    "preferred_language": gettext_lazy("Language"),
    "mail_digest": gettext_lazy(
        "One e-mail a day with all my notifications (instead of one per notification)"
    ),
    "kind": gettext_lazy("Kind of organisation"),
    "identifier": gettext_lazy("Enterprise number or name as in the registry"),
}


HINTS: dict[str, Message] = {
    "as_org_admin": gettext_lazy(
        "An organisation administrator invites colleagues and changes or ends their roles."
    ),
    "is_org_admin": gettext_lazy(
        "An organisation administrator invites colleagues and changes or ends their roles."
    ),
    "identifier": gettext_lazy(
        "A company by its enterprise number (e.g. 0123.456.789); a school, sector fund or RTC "
        "by its name as in the registry."
    ),
    "password": gettext_lazy(
        "At least 8 characters, not only digits and not too close to your name."
    ),
}


class AccountsForm(AccessibleForm):
    """The accounts forms: the labels and hints above for the fields a form has."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in LABELS:
                field.label = str(LABELS[name])
            if name in HINTS:
                field.help_text = str(HINTS[name])


def role_choices(kind: str) -> list[tuple[str, StrOrPromise]]:
    return [
        (value, label) for value, label in Role.choices if ROLE_ORGANISATION_KIND[value] == kind
    ]


class InviteForm(AccountsForm):
    email = forms.CharField(max_length=254)
    role = forms.ChoiceField(choices=Role.choices)
    as_org_admin = forms.BooleanField(required=False)
    language = forms.ChoiceField(choices=[("nl", "Nederlands"), ("en", "English")])

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(kind)  # type: ignore[attr-defined]


class AcceptForm(AccountsForm):
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    password = forms.CharField(max_length=128, widget=forms.PasswordInput)


class ProfileForm(AccountsForm):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.CharField(max_length=254)
    preferred_language = forms.ChoiceField(choices=[("nl", "Nederlands"), ("en", "English")])
    mail_digest = forms.BooleanField(required=False)


class MembershipForm(AccountsForm):
    role = forms.ChoiceField(choices=Role.choices)
    is_org_admin = forms.BooleanField(required=False)


class OnboardForm(AccountsForm):
    kind = forms.ChoiceField(
        choices=[
            ("company", gettext_lazy("Company")),
            ("school", "School"),
            ("sector_fund", gettext_lazy("Sector fund")),
            ("rtc", "RTC"),
        ]
    )
    identifier = forms.CharField(max_length=300)
    email = forms.CharField(max_length=254)
    role = forms.ChoiceField(choices=Role.choices)
    language = forms.ChoiceField(choices=[("nl", "Nederlands"), ("en", "English")])


class BrugPasswordChangeForm(AccessibleForm, PasswordChangeForm):
    """Django's password change in the form pattern (shared field template, messages that
    say what to do)."""


class BrugSetPasswordForm(AccessibleForm, SetPasswordForm):  # type: ignore[type-arg]
    """Django's new password after a reset link, in the form pattern."""


class QueuedPasswordResetForm(AccessibleForm, PasswordResetForm):
    """Django's password reset, with the message sent through Brug's mail queue in the
    person's own language (the link is absolute through BRUG_BASE_URL)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.urls import reverse

        user = context["user"]
        url = reverse("accounts:password_reset_confirm", args=[context["uid"], context["token"]])
        mail_queue(
            to=to_email,
            language=getattr(user, "preferred_language", "nl"),
            subject=gettext_lazy("New password for Brug"),
            paragraphs=[
                gettext_lazy(
                    "Someone asked for a new password for your account {u}. If that was not "
                    "you, you need not do anything.",
                    u=user.get_username(),
                ),
            ],
            action_url=url,
            action_label=pgettext_lazy("Kies een nieuw wachtwoord", "Choose a new password"),
        )
