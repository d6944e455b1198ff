from __future__ import annotations

import re
from typing import Any

from django import template
from django.forms import BaseForm, BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from brug.core import formatting, policy
from brug.core.i18n import gettext_lazy, one_side

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: dict[str, Any], action: str, target: Any) -> bool:
    """{% can "change" object as may_change %}"""
    request = context.get("request")
    return policy.can(getattr(request, "user", None), action, target)


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """0.2 -> "20 %" (the decimal comma in Dutch)."""
    return formatting.percent(value, digits)


@register.filter
def money(value: object, digits: int = 2) -> str:
    """1250 -> "€ 1.250,00" in Dutch; `|money:0` without cents."""
    return formatting.money(value, digits)


@register.filter
def number(value: object, digits: int | None = None) -> str:
    """12345 -> "12.345" in Dutch (grouped, whatever USE_THOUSAND_SEPARATOR says)."""
    return formatting.number(value, digits)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded: str = params.urlencode()
    return encoded


@register.inclusion_tag("brug/partials/chart.html")
def chart(chart: Any, open: bool = True) -> dict[str, Any]:
    """{% chart c %}: a core chart (brug.core.charts) with its numbers as a table under it
    (folded with `open=False` where the page shows the same numbers in a table of its own)."""
    return {"chart": chart, "open": open}


@register.inclusion_tag("brug/partials/point_map.html")
def point_map(map: Any) -> dict[str, Any]:
    """{% point_map m %}: places as dots; Leaflet (vendored) when scripts run, SVG otherwise."""
    return {"map": map}


@register.filter
def yes_no(value: object) -> str:
    """Yes or no in the page's language; "–" when unknown (None)."""
    if value is None:
        return "–"
    return str(gettext_lazy("yes") if value else gettext_lazy("no"))


@register.filter
def when(value: object) -> str:
    """A date or a moment in the page's language and format ("2 december 2026", "2 december
    2026 14:05"); an ISO text (as in an export's data) is read first; anything else as is."""
    from datetime import date, datetime

    from django.utils import formats, timezone

    parsed: object = value
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(parsed, datetime):
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return str(formats.date_format(parsed, "DATETIME_FORMAT"))
    if isinstance(parsed, date):
        return str(formats.date_format(parsed, "DATE_FORMAT"))
    return "" if value is None else str(value)


@register.filter(name="one_side")
def one_side_filter(value: object) -> str:
    """A stored "Nederlands / English" label (reference data) in the page's language."""
    return one_side(value)


@register.filter
def be_number(value: Any, decimals: int = 0) -> str:
    """12.345 and 0,20: Belgian number format (brug.core.numbers)."""
    from brug.core.numbers import be_number as fmt

    return fmt(value, int(decimals))


# --- Wide tables: one pattern for every page ----------------------------------------------

_CAPTION = re.compile(r"<caption\b([^>]*)>")
_ID = re.compile(r'\bid="([^"]+)"')
_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_TAGS = re.compile(r"<[^>]+>")


class TableRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        inner: str = self.nodelist.render(context)
        request = context.get("request")
        number = getattr(request, "_brug_table_regions", 0) + 1
        if request is not None:
            request._brug_table_regions = number
        caption = _CAPTION.search(inner)
        if caption is not None:
            found = _ID.search(caption.group(1))
            label_id = found.group(1) if found else f"table-{number}-caption"
            if not found:
                opening = f'<caption id="{label_id}"{caption.group(1)}>'
                inner = inner[: caption.start()] + opening + inner[caption.end() :]
            label = f'aria-labelledby="{label_id}"'
        else:
            # No caption: the region is named after the table's columns.
            columns = [_TAGS.sub("", c).strip() for c in _HEADER_CELL.findall(inner)[:3]]
            text = str(gettext_lazy("Table: {columns}", columns=", ".join(filter(None, columns))))
            label = f'aria-label="{conditional_escape(text)}"'
        return mark_safe(  # noqa: S308 - the table's own rendered HTML, our ids and an escaped label
            f'<div class="table-wrap" role="region" tabindex="0" {label}>{inner}</div>'
        )


@register.tag("table_region")
def table_region(parser: template.base.Parser, token: template.base.Token) -> TableRegionNode:
    """{% table_region %}<table>…</table>{% end_table_region %}: the one wrapper of a wide
    table. On a narrow screen the table scrolls inside its own region, which the keyboard can
    focus (`tabindex=0`) and which is named by the table's caption (`aria-labelledby`; the
    caption gets an id when it has none), so the page itself never scrolls sideways."""
    nodelist = parser.parse(("end_table_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist)


# --- The error summary of a failed submit (GOV.UK / Vlaanderen pattern) ---------------------


def _failed_forms(context: template.Context) -> list[BaseForm]:
    """The bound forms with errors among the page's context values, in a stable order."""
    found: dict[int, BaseForm] = {}
    for value in context.flatten().values():
        if isinstance(value, BaseForm) and value.is_bound and value.errors:
            found.setdefault(id(value), value)
    return list(found.values())


def _field_anchor(bound: BoundField) -> str:
    if bound.field.widget.use_fieldset:
        return f"{bound.auto_id}_0"
    return str(bound.auto_id)


@register.simple_tag(takes_context=True)
def form_failed(context: template.Context) -> bool:
    """{% form_failed as failed %}: did a form on this page fail to submit?"""
    return bool(_failed_forms(context))


@register.inclusion_tag("brug/forms/error_summary.html", takes_context=True)
def error_summary(context: template.Context) -> dict[str, Any]:
    """At the top of the page after a failed submit: every error, each linking to its field.
    brug.js moves the focus to it."""
    errors: list[dict[str, str]] = []
    for form in _failed_forms(context):
        for name, messages in form.errors.items():
            bound = form[name] if name in form.fields else None
            for message in messages:
                anchor = _field_anchor(bound) if bound is not None and bound.auto_id else ""
                errors.append({"message": str(message), "anchor": anchor})
    return {"errors": errors}
