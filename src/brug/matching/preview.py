"""Aggregates of a computed result for the preview: shares, unplaced learners, fairness.

Fairness groups smaller than `settings.BRUG_SMALL_CELL_K` are never shown as exact numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings

from brug.matching.instance import RoundData
from brug.matching_engine import Stats
from brug.registry.models import EducationNetwork, Programme, Province


def stats_dict(stats: Stats) -> dict[str, Any]:
    return {
        "learners": stats.learners,
        "placed": stats.placed,
        "unplaced": stats.unplaced,
        "first_choice_share": stats.first_choice_share,
        "top3_share": stats.top3_share,
        "mean_rank": stats.mean_rank,
        "rank_histogram": {str(k): v for k, v in stats.rank_histogram.items()},
    }


def _names(model: Any, pks: set[Any], label: Callable[[Any], str]) -> dict[Any, str]:
    return {obj.pk: label(obj) for obj in model.objects.filter(pk__in=[p for p in pks if p])}


def _rows(
    keys: Sequence[Any], placed: Sequence[bool], names: dict[Any, str], k: int
) -> list[dict[str, Any]]:
    total: Counter[Any] = Counter(keys)
    hits: Counter[Any] = Counter(key for key, ok in zip(keys, placed, strict=True) if ok)
    rows = []
    for key, n in sorted(total.items(), key=lambda item: names.get(item[0], "~")):
        small = n < k
        rows.append(
            {
                "group": names.get(key, "?"),
                "learners": None if small else n,
                "placed": None if small else hits[key],
                "rate": None if small else hits[key] / n,
                "suppressed": small,
            }
        )
    return rows


def fairness_and_unplaced(
    data: RoundData, assigned: Sequence[int]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`assigned`: opening int per learner int (-1 = unplaced), aligned with `data.learner_pks`."""
    k = settings.BRUG_SMALL_CELL_K
    facts = data.facts
    placed = [a >= 0 for a in assigned]
    provinces = _names(Province, set(facts.province), lambda p: p.name_nl)
    networks = _names(EducationNetwork, set(facts.network), lambda n: n.short_name)
    programmes = _names(Programme, set(facts.programme), lambda p: p.name)
    support_names = {True: "support_need", False: "no_support_need"}
    fairness = {
        "k": k,
        "support_need": _rows(facts.support_need, placed, support_names, k),
        "network": _rows(facts.network, placed, networks, k),
        "province": _rows(facts.province, placed, provinces, k),
    }

    def unplaced_by(keys: Sequence[Any], names: dict[Any, str]) -> list[list[Any]]:
        counts = Counter(key for key, ok in zip(keys, placed, strict=True) if not ok)
        return [[names.get(key, "?"), n] for key, n in counts.most_common()]

    unplaced = {
        "programme": unplaced_by(facts.programme, programmes),
        "province": unplaced_by(facts.province, provinces),
    }
    return fairness, unplaced
