"""Forms of the monitoring pages only parse input; the import service decides."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import Message, gettext_lazy, pgettext_lazy


class CountImportForm(AccessibleForm):
    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {
        "title": (
            gettext_lazy("Title of the publication"),
            gettext_lazy("For example: Pupil numbers in secondary education"),
        ),
        "publisher": (
            gettext_lazy("Publisher"),
            gettext_lazy("Who published the figures (e.g. Department of Education, VDAB)"),
        ),
        "url": (gettext_lazy("Address of the source"), None),
        "reference_date": (
            pgettext_lazy("Referentiedatum", "Reference date"),
            gettext_lazy("The date the figures refer to"),
        ),
        "note": (pgettext_lazy("Opmerking", "Note"), None),
        "file": (
            gettext_lazy("Spreadsheet (CSV or XLSX)"),
            gettext_lazy("All rows or none: with one error nothing is saved."),
        ),
    }
    title = forms.CharField(max_length=1000)
    publisher = forms.CharField(max_length=1000)
    url = forms.CharField(max_length=1000, required=False)
    reference_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField()
