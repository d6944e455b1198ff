"""Context figures from the policy documents behind Brug (learner numbers and school-leaver
outcomes), loaded with the publication they come from (docs/data-sources.md).

They are stored as `CountSource(is_context=True)`: the flows page shows them under "Context from
policy documents", never as Brug's own figures and never as current official statistics, and
the phase-out signal ignores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from brug.monitoring.models import CountSource
from brug.monitoring.services import official_counts_import_as_system

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class ContextSource:
    file: str
    title: str
    publisher: str
    url: str
    reference_date: date
    note: str


CONTEXT_SOURCES = (
    ContextSource(
        file="context_enrolment_2010_2015.csv",
        title="Leerlingenaantallen in het arbeidsmarktgericht secundair onderwijs per "
        "onderwijsvorm, 2010-2011 tot 2014-2015",
        publisher="Vlor, presentatie over arbeidsmarktgericht secundair onderwijs en duaal leren",
        url="",
        reference_date=date(2015, 6, 30),
        note="De presentatie vermeldt geen bron en geen datum bij deze tabel; de referentiedatum "
        "is het einde van het laatste schooljaar in de tabel. BuSO: opleidingsvorm 3.",
    ),
    ContextSource(
        file="context_school_leavers_2014.csv",
        title="Studie schoolverlaters 2014: werkzoekend en zonder werkervaring een jaar na de "
        "school",
        publisher="VDAB (geciteerd in de Vlor-presentatie over duaal leren)",
        url="https://www.vdab.be/trendsdoc/schoolverlaters/schoolv2014.pdf",
        reference_date=date(2014, 6, 30),
        note="Aandelen in procent van de schoolverlaters per onderwijsvorm, met hun aantal. Het "
        "schooljaar 2012-2013 is een aanname van Brug (de studie van 2014 volgt de schoolverlaters "
        "een jaar na het verlaten van de school). De rij BuSO telt opleidingsvorm 3 en ABO samen.",
    ),
    ContextSource(
        file="context_grades_2_4_2008_2017.csv",
        title="Leerlingen in de 2e, 3e en 4e graad secundair onderwijs, alle onderwijsvormen",
        publisher="Departement Onderwijs en Vorming (Dataloep), geciteerd in de InnoVET-studie "
        "van IDEA Consult (2018)",
        url="",
        reference_date=date(2017, 6, 30),
        note="Het aandeel van TSO en BSO in dit totaal daalde volgens dezelfde studie van 57,5 % "
        "naar 56,7 %.",
    ),
)


def context_load() -> int:
    """Load every context source that is not there yet; returns the number of rows loaded."""
    loaded = 0
    for source in CONTEXT_SOURCES:
        if CountSource.objects.filter(
            title=source.title, publisher=source.publisher, reference_date=source.reference_date
        ).exists():
            continue
        result = official_counts_import_as_system(
            title=source.title,
            publisher=source.publisher,
            url=source.url,
            reference_date=source.reference_date,
            note=source.note,
            filename=source.file,
            content=(DATA / source.file).read_bytes(),
            is_context=True,
        )
        loaded += result.report.created
    return loaded
