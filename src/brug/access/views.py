"""Pages for API tokens and lockouts. Thin: parse input, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from brug.access import selectors, services
from brug.access.forms import TokenForm
from brug.access.models import ApiToken
from brug.access.scopes import scope_label
from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import form_add_service_error
from brug.core.i18n import gettext_lazy
from brug.registry.models import Organisation

PAGE_SIZE = 50


def _page(request: HttpRequest, rows: object) -> object:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]


def _token_or_404(request: HttpRequest, pk: int) -> ApiToken:
    token = selectors.tokens_visible_to(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    if not (
        policy.can_any(request.user, "view", "access.apitoken")
        or policy.can_any(request.user, "create", "access.apitoken")
    ):
        raise NotAllowed()
    return render(
        request,
        "access/token_list.html",
        {
            "tokens": _page(request, selectors.tokens_visible_to(request.user)),
            "may_create": policy.can_any(request.user, "create", "access.apitoken"),
            "now": timezone.now(),
        },
    )


@never_cache
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "create", "access.apitoken"):
        raise NotAllowed()
    organisations = list(
        Organisation.objects.filter(
            pk__in=[
                a.organisation_id
                for a in policy.held_roles_of(request.user)
                if a.organisation_id is not None
                and policy.allowed_relations("access.apitoken", a.role, "create")
            ]
        )
        .order_by("name")
        .values_list("pk", "name")
    )
    form = TokenForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = Organisation.objects.filter(pk=data["organisation"]).first()
        try:
            token, secret = services.token_create(
                actor=request.user,
                name=data["name"],
                scopes=data["scopes"],
                expires_on=data["expires_on"],
                organisation=org if data["organisation"] is not None else None,
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            # The secret is in this one response and nowhere else.
            return render(
                request,
                "access/token_created.html",
                {
                    "token": token,
                    "secret": secret,
                    "scopes": [scope_label(s) for s in token.scopes],
                },
            )
    return render(request, "access/token_form.html", {"form": form})


@login_required
def token_detail(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token_or_404(request, pk)
    return render(
        request,
        "access/token_detail.html",
        {
            "token": token,
            "scopes": [scope_label(s) for s in token.scopes],
            "uses": _page(request, selectors.token_uses(request.user, token)),
            "may_revoke": policy.can(request.user, "revoke", token),
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token_or_404(request, pk)
    try:
        services.token_revoke(actor=request.user, token=token)
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    else:
        messages.success(request, str(gettext_lazy("The token has been revoked.")))
    return redirect("access:token_detail", pk=token.pk)


@login_required
def lockout_list(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "access.lockout"):
        raise NotAllowed()
    return render(
        request,
        "access/lockout_list.html",
        {"attempts": _page(request, selectors.lockouts_visible_to(request.user))},
    )


@require_POST
@login_required
def lockout_release(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.lockouts_visible_to(request.user).filter(pk=pk).first()
    if attempt is None:
        raise Http404
    services.lockout_release(actor=request.user, attempt=attempt)
    messages.success(
        request,
        str(gettext_lazy("{u} can sign in from that address again.", u=attempt.username or "?")),
    )
    return redirect("access:lockout_list")
