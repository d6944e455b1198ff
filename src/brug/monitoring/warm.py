"""The figures computed ahead of their readers (`brug figures-refresh`, `core.caching`): the
ones every visitor of the same kind asks in the same way. The department's, the RTCs' and the
consultants' home pages and dashboards show the region's key figures; the staff radar opens on
the whole region; the open figures are public. Scopes narrower than the region (a sector's, a
province's) are computed on first read and kept for the cache lifetime."""

from __future__ import annotations

from datetime import date

from brug.core.caching import warmer_register
from brug.core.metrics import MetricScope
from brug.monitoring import figures, selectors


def _key_figures() -> None:
    today = date.today()
    selectors.key_figure_values(MetricScope(start=figures.school_year(today)[0], end=today))


def _open_figures() -> None:
    # Also the shortage cells of the whole region (the radar's first view): the open figures
    # are made from them, under the same cache key.
    selectors.open_data_cached(on=date.today())


warmer_register("monitoring.key_figures", _key_figures)
warmer_register("monitoring.open_figures", _open_figures)
