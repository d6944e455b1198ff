"""Forms of the monitoring pages only parse input; the import service decides."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import Text, t


class CountImportForm(AccessibleForm):
    texts: ClassVar[dict[str, tuple[Text, Text | None]]] = {
        "title": (
            t("Titel van de publicatie", "Title of the publication"),
            t(
                "Bijvoorbeeld: Leerlingenaantallen secundair onderwijs",
                "For example: Pupil numbers in secondary education",
            ),
        ),
        "publisher": (
            t("Uitgever", "Publisher"),
            t(
                "Wie publiceerde de cijfers (bv. Departement Onderwijs en Vorming, VDAB)",
                "Who published the figures (e.g. Department of Education, VDAB)",
            ),
        ),
        "url": (t("Adres van de bron", "Address of the source"), None),
        "reference_date": (
            t("Referentiedatum", "Reference date"),
            t("De datum waarop de cijfers betrekking hebben", "The date the figures refer to"),
        ),
        "note": (t("Opmerking", "Note"), None),
        "file": (
            t("Rekenblad (CSV of XLSX)", "Spreadsheet (CSV or XLSX)"),
            t(
                "Alle rijen of geen: bij één fout wordt niets bewaard.",
                "All rows or none: with one error nothing is saved.",
            ),
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
