"""Forms only parse input; the services decide. Labels are bilingual through `t`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm

from brug.accounts.roles import ROLE_ORGANISATION_KIND, Role
from brug.core.i18n import Message, gettext_lazy, pgettext_lazy
from brug.core.mail import mail_queue


class BilingualForm(forms.Form):
    """Labels in the visitor's language; invalid fields are marked for assistive technology."""

    labels: dict[str, Message] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, text in self.labels.items():
            if name in self.fields:
                self.fields[name].label = str(text)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-error"


LABELS = {
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


def role_choices(kind: str) -> list[tuple[str, str]]:
    return [
        (value, label) for value, label in Role.choices if ROLE_ORGANISATION_KIND[value] == kind
    ]


class InviteForm(BilingualForm):
    labels = LABELS
    email = forms.CharField(max_length=254)
    role = forms.ChoiceField(choices=Role.choices)
    as_org_admin = forms.BooleanField(required=False)
    language = forms.ChoiceField(choices=[("nl", "Nederlands"), ("en", "English")])

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(kind)  # type: ignore[attr-defined]


class AcceptForm(BilingualForm):
    labels = LABELS
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    password = forms.CharField(max_length=128, widget=forms.PasswordInput)


class ProfileForm(BilingualForm):
    labels = LABELS
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.CharField(max_length=254)
    preferred_language = forms.ChoiceField(choices=[("nl", "Nederlands"), ("en", "English")])
    mail_digest = forms.BooleanField(required=False)


class MembershipForm(BilingualForm):
    labels = LABELS
    role = forms.ChoiceField(choices=Role.choices)
    is_org_admin = forms.BooleanField(required=False)


class OnboardForm(BilingualForm):
    labels = LABELS
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


class QueuedPasswordResetForm(PasswordResetForm):
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
