"""Pages of accounts: sign-in, invitations, colleagues, onboarding, profile, password.

Thin: parse the input, call a selector or a service, render. Service errors are shown in the
visitor's language and change nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from brug.accounts import selectors, services
from brug.accounts.active import SESSION_KEY
from brug.accounts.forms import (
    AcceptForm,
    BrugPasswordChangeForm,
    BrugSetPasswordForm,
    InviteForm,
    MembershipForm,
    OnboardForm,
    ProfileForm,
    QueuedPasswordResetForm,
    role_choices,
)
from brug.accounts.models import Invitation, Membership
from brug.accounts.panels import administered_organisation
from brug.accounts.roles import Role
from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import form_add_service_error
from brug.core.i18n import gettext_lazy
from brug.registry.models import Organisation


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class LoginView(auth_views.LoginView):
    """Username and password (when this environment allows it), and the government login."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["password_login"] = settings.BRUG_PASSWORD_LOGIN
        context["oidc_login"] = settings.BRUG_OIDC_ENABLED
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.BRUG_PASSWORD_LOGIN:
            raise NotAllowed(
                gettext_lazy(
                    "Password sign-in is switched off; sign in through the government login."
                )
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.sign_in_record(
            user=form.get_user(),
            method="password",
            ip_address=_client_ip(self.request),
            user_agent=self.request.META.get("HTTP_USER_AGENT", ""),
        )
        return response


# ---------------------------------------------------------------- invitations (accept)


def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and request.POST.get("use") == "current":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?next={request.path}")
        try:
            services.invitation_accept_existing(token=token, user=request.user)
        except ServiceError as exc:
            messages.error(request, str(exc.text))
            return redirect(request.path)
        request.session[SESSION_KEY] = invitation.organisation_id
        messages.success(
            request, str(gettext_lazy("Welcome to {o}.", o=invitation.organisation.name))
        )
        return redirect("home")
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept_new(
                token=token,
                account=services.NewAccount(
                    username=form.cleaned_data["username"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password"],
                ),
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            services.sign_in_record(
                user=user,
                method="password",
                ip_address=_client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
            request.session[SESSION_KEY] = invitation.organisation_id
            messages.success(request, str(gettext_lazy("Welcome to Brug, {n}.", n=user.first_name)))
            return redirect("home")
    request.session["brug_oidc_invitation"] = token
    return render(
        request,
        "accounts/accept.html",
        {
            "invitation": invitation,
            "form": form,
            "oidc_login": settings.BRUG_OIDC_ENABLED,
            "password_login": settings.BRUG_PASSWORD_LOGIN,
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- colleagues of an organisation


def _managed_organisation(request: HttpRequest, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not policy.can(request.user, "view", Invitation(organisation=organisation)):
        raise NotAllowed(
            gettext_lazy("Only an administrator of this organisation sees who has access.")
        )
    return organisation


@login_required
def my_members(request: HttpRequest) -> HttpResponse:
    """The colleagues page of the organisation the person administers and acts for."""
    organisation_id = administered_organisation(request)
    if organisation_id is None:
        raise NotAllowed(
            gettext_lazy("You are not an administrator of the organisation you act for.")
        )
    return redirect("accounts:members", pk=organisation_id)


@login_required
def members(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, pk)
    form = InviteForm(request.POST or None, kind=organisation.kind, initial={"language": "nl"})
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                actor=request.user,
                data=services.InvitationData(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    as_org_admin=form.cleaned_data["as_org_admin"],
                    language=form.cleaned_data["language"],
                ),
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                str(gettext_lazy("Invitation sent to {e}.", e=form.cleaned_data["email"].strip())),
            )
            return redirect("accounts:members", pk=organisation.pk)
    page = Paginator(
        selectors.members_of(request.user, organisation.pk), selectors.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    invitations = list(selectors.open_invitations_of(request.user, organisation.pk)[:100])
    return render(
        request,
        "accounts/members.html",
        {
            "organisation": organisation,
            "page_obj": page,
            "invitations": invitations,
            "form": form,
            "roles": role_choices(organisation.kind),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def membership_update(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_visible(request.user, pk, "change")
    if membership is None:
        raise Http404
    form = MembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(gettext_lazy("Choose a valid role.")))
    else:
        try:
            services.membership_change(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                is_org_admin=form.cleaned_data["is_org_admin"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc.text))
        else:
            messages.success(request, str(gettext_lazy("Role changed.")))
    return redirect("accounts:members", pk=membership.organisation_id)


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_visible(request.user, pk, "delete")
    if membership is None:
        raise Http404
    try:
        services.membership_end(actor=request.user, membership=membership)
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    else:
        messages.success(
            request,
            str(gettext_lazy("{n} no longer holds this role.", n=str(membership.user))),
        )
    return redirect("accounts:members", pk=membership.organisation_id)


@login_required
@require_POST
def invitation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    invitation = selectors.invitation_visible(
        request.user, pk, "change" if action == "resend" else "delete"
    )
    if invitation is None:
        raise Http404
    try:
        if action == "resend":
            services.invitation_resend(actor=request.user, invitation=invitation)
            messages.success(request, str(gettext_lazy("Invitation sent again.")))
        else:
            services.invitation_withdraw(actor=request.user, invitation=invitation)
            messages.success(request, str(gettext_lazy("Invitation withdrawn.")))
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    return redirect("accounts:members", pk=invitation.organisation_id)


# ---------------------------------------------------------------- onboarding (platform admin)


@login_required
def onboard(request: HttpRequest) -> HttpResponse:
    if Role.PLATFORM_ADMIN not in policy.roles_of(request.user):
        raise NotAllowed(gettext_lazy("Only the platform admin onboards an organisation."))
    form = OnboardForm(request.POST or None, initial={"language": "nl", "kind": "company"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _ = services.organisation_onboard(
                actor=request.user,
                kind=data["kind"],
                identifier=data["identifier"],
                email=data["email"],
                role=data["role"],
                language=data["language"],
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                str(
                    gettext_lazy(
                        "{o} is on board: invitation for its first administrator sent to {e}.",
                        o=invitation.organisation.name,
                        e=invitation.email,
                    )
                ),
            )
            return redirect("accounts:members", pk=invitation.organisation_id)
    return render(
        request, "accounts/onboard.html", {"form": form}, status=400 if form.errors else 200
    )


# ---------------------------------------------------------------- the person's own account


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "first_name": user.first_name,  # type: ignore[union-attr]
            "last_name": user.last_name,  # type: ignore[union-attr]
            "email": user.email,  # type: ignore[union-attr]
            "preferred_language": user.preferred_language,  # type: ignore[union-attr]
            "mail_digest": user.mail_digest,  # type: ignore[union-attr]
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.profile_update(
                actor=user,  # type: ignore[arg-type]
                data=services.ProfileData(**form.cleaned_data),
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            response = redirect("accounts:profile")
            # The language of the account wins over an earlier choice in this browser.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, updated.preferred_language, samesite="Lax"
            )
            messages.success(request, str(gettext_lazy("Your details have been saved.")))
            return response
    memberships = list(
        Membership.objects.filter(user_id=user.pk or 0, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "sign_ins": selectors.recent_sign_ins(user),
            "memberships": memberships,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def choose_organisation(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("organisation", "")
    if (
        not raw.isdigit()
        or not Membership.objects.filter(
            user_id=request.user.pk or 0, organisation_id=int(raw), is_active=True
        ).exists()
    ):
        messages.error(request, str(gettext_lazy("Choose one of your organisations.")))
    else:
        request.session[SESSION_KEY] = int(raw)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    return redirect(target)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = BrugPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = BrugSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
