"""Pages of matching rounds. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import form_service_post
from brug.core.i18n import gettext_lazy, one_side
from brug.core.paging import page_of
from brug.matching import selectors, services
from brug.matching.explain import choice_rows, outcome_text
from brug.matching.forms import PreferencesForm, PublishForm, RoundCreateForm
from brug.matching.models import MatchingRound, RoundMode, RoundPreference, RoundStatus
from brug.workplace.models import Learner, Opening

LEARNERS_PER_PAGE = 100
ROUNDS_PER_PAGE = 50


def _round(request: HttpRequest, pk: int, action: str = "view") -> MatchingRound:
    rnd = policy.visible_or_404(selectors.rounds_visible_to(request.user), pk)
    policy.require(request.user, action, rnd)
    return rnd


def opening_label(opening: Opening) -> str:
    place = opening.site.municipality.name_nl if opening.site_id else ""
    kind = one_side(opening.get_kind_display())
    return f"{opening.company.name} · {opening.programme.name} · {place} · {kind}"


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "matching.matchinground"):
        raise NotAllowed()
    rounds = page_of(
        request, selectors.rounds_visible_to(request.user).order_by("pk"), ROUNDS_PER_PAGE
    )
    may_create = policy.can_any(request.user, "create", "matching.matchinground")
    return render(request, "matching/round_list.html", {"rounds": rounds, "may_create": may_create})


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "create", "matching.matchinground"):
        raise NotAllowed()
    form = RoundCreateForm(request.POST or None)
    if request.method != "POST":
        return render(request, "matching/round_form.html", {"form": form})

    def create(data: dict[str, Any]) -> MatchingRound:
        return services.round_create(
            actor=request.user,
            name=data["name"],
            scope=data["scope"],
            sector=data["sector"],
            province=data["province"],
            programmes=list(data["programmes"]),
            preference_deadline=data["preference_deadline"],
            intake_deadline=data["intake_deadline"],
            reserve_share=data["reserve_share"],
        )

    return form_service_post(
        request,
        form,
        create,
        done=gettext_lazy("Round created."),
        success_url=lambda rnd: reverse("matching:round_detail", kwargs={"pk": rnd.pk}),
        again=lambda: render(request, "matching/round_form.html", {"form": form}),
    )


def _preview(request: HttpRequest, rnd: MatchingRound) -> dict[str, Any] | None:
    runs = {run.mode: run for run in selectors.runs_visible_to(request.user, rnd)}
    if not runs:
        return None
    stable, coverage = runs.get(RoundMode.STABLE), runs.get(RoundMode.COVERAGE)
    trade_off = None
    if stable and coverage:
        trade_off = {
            "extra": coverage.stats["placed"] - stable.stats["placed"],
            "blocking": coverage.blocking_pairs,
        }
    return {"runs": [r for r in (stable, coverage) if r], "trade_off": trade_off}


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    user = request.user
    context: dict[str, Any] = {
        "round": rnd,
        "openings_count": rnd.opening_links.count(),
        "learners_count": rnd.learner_links.count(),
        "may_change": policy.can(user, "change", rnd),
        "may_run": policy.can(user, "run", rnd),
        "may_publish": policy.can(user, "publish", rnd),
        "rankable": Paginator(selectors.rankable_learners(user, rnd), LEARNERS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "preview": _preview(request, rnd),
        "publish_form": PublishForm(),
        "job": rnd.last_job if policy.can(user, "run", rnd) else None,
        "company_results": None,
    }
    # While a computation or publication runs, its progress replaces the buttons.
    idle = context["job"] is None or context["job"].is_finished
    context["may_compute"] = (
        context["may_run"] and idle and rnd.status in (RoundStatus.CLOSED, RoundStatus.COMPUTED)
    )
    context["may_publish_now"] = (
        context["may_publish"] and idle and rnd.status == RoundStatus.COMPUTED
    )
    if rnd.is_published:
        context["company_results"] = (
            selectors.results_visible_to(user, rnd)
            .filter(opening__company_id__in=policy.organisations_of(user, ["company_contact"]))
            .order_by("opening_id", "learner__pseudonym")
        )
        context["results_count"] = selectors.results_visible_to(user, rnd).count()
    return render(request, "matching/round_detail.html", context)


def _action(request: HttpRequest, pk: int, action: str, call: Any, done: Any) -> HttpResponse:
    rnd = _round(request, pk, action)
    try:
        call(rnd)
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    else:
        messages.success(request, str(done))
    return redirect("matching:round_detail", pk=rnd.pk)


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "change",
        lambda rnd: services.round_open(actor=request.user, rnd=rnd),
        gettext_lazy("The round is open for preferences."),
    )


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "change",
        lambda rnd: services.round_close(actor=request.user, rnd=rnd),
        gettext_lazy("Preferences are closed."),
    )


@login_required
@require_POST
def round_run(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "run",
        lambda rnd: services.round_run_start(actor=request.user, rnd=rnd),
        gettext_lazy("The computation has started."),
    )


@login_required
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    form = PublishForm(request.POST)
    mode = form.cleaned_data["mode"] if form.is_valid() else ""
    return _action(
        request,
        pk,
        "publish",
        lambda rnd: services.round_publish_start(actor=request.user, rnd=rnd, mode=mode),
        gettext_lazy("The publication has started; the placements are being created."),
    )


def _learner_for(request: HttpRequest, rnd: MatchingRound) -> Learner:
    learners = selectors.rankable_learners(request.user, rnd)
    wanted = request.GET.get("learner") or request.POST.get("learner")
    if wanted:
        learner = learners.filter(pk=wanted).first()
    else:
        learner = learners.filter(user_id=request.user.pk or -1).first()
        if learner is None and learners.count() == 1:
            learner = learners.first()
    if learner is None:
        raise Http404()
    return learner


@login_required
def preferences(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    learner = _learner_for(request, rnd)
    openings = [
        (o.pk, opening_label(o))
        for o in selectors.round_openings(rnd).filter(programme_id=learner.programme_id)
    ]
    current = list(
        RoundPreference.objects.filter(round=rnd, learner=learner)
        .order_by("rank")
        .values_list("opening_id", flat=True)
    )
    initial = {f"choice_{i}": pk for i, pk in enumerate(current, 1)}
    form = PreferencesForm(request.POST or None, openings=openings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(
                actor=request.user, rnd=rnd, learner=learner, openings=form.ranked()
            )
        except ServiceError as exc:
            form.add_error(None, str(exc.text))
        else:
            messages.success(request, str(gettext_lazy("Your preferences were saved.")))
            return redirect(f"{request.path}?learner={learner.pk}")
    editable = rnd.status == RoundStatus.OPEN
    labels = dict(openings)
    submitted = [(rank, labels.get(pk, "?")) for rank, pk in enumerate(current, 1)]
    context = {
        "round": rnd,
        "learner": learner,
        "form": form,
        "editable": editable,
        "submitted": submitted,
        "deadline_passed": timezone.now() > rnd.preference_deadline,
        "is_own": learner.user_id is not None and learner.user_id == request.user.pk,
    }
    partial = bool(getattr(request, "htmx", False))
    template = "matching/partials/preferences_form.html" if partial else "matching/preferences.html"
    return render(request, template, context)


@login_required
def my_result(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    results = selectors.results_visible_to(request.user, rnd)
    wanted = request.GET.get("learner")
    result = (
        results.filter(learner_id=wanted)
        if wanted
        else results.filter(learner__user_id=request.user.pk or -1)
    ).first()
    if result is None or not policy.can(request.user, "explain", result):
        raise Http404()
    labels = {o.pk: opening_label(o) for o in selectors.round_openings(rnd)}
    preferences = list(
        selectors.preferences_visible_to(request.user, rnd)
        .filter(learner_id=result.learner_id)
        .values_list("rank", "opening_id")
    )
    if not preferences:  # a reader who may not list the preferences still reads the reasons
        preferences = [(row[1], row[0]) for row in result.reasons]
        if result.opening_id and result.preference_rank:
            preferences.append((result.preference_rank, result.opening_id))
    outcome = outcome_text(
        labels.get(result.opening_id) if result.opening_id else None, result.preference_rank
    )
    return render(
        request,
        "matching/my_result.html",
        {
            "round": rnd,
            "result": result,
            "outcome": outcome,
            "is_own": result.learner.user_id is not None
            and result.learner.user_id == request.user.pk,
            "choices": choice_rows(
                preferences=preferences,
                labels=labels,
                reasons=result.reasons,
                placed_rank=result.preference_rank if result.opening_id else None,
            ),
            "placement": selectors.result_placement(result),
            "next_round": selectors.next_round_for(request.user, result),
        },
    )
