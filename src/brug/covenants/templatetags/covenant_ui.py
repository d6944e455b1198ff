from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def widget_described(field: BoundField) -> SafeString:
    """The widget, linked to its error message with aria-describedby when it has one."""
    if not field.errors:
        return field.as_widget()
    return field.as_widget(
        attrs={"aria-describedby": f"{field.auto_id}-error", "aria-invalid": "true"}
    )
