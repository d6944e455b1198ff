"""The spreadsheet import of core-work records (CSV or XLSX, all rows or none), through the same
service as the form and the API."""

from __future__ import annotations

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.tabular import Column, Importer
from brug.corework import models as m
from brug.corework.services import training_record_save
from brug.covenants.models import Covenant

COLUMNS = [
    # The keys are the headers of files already out there; a file may also use the label in
    # Dutch or English (`brug.core.tabular.header_names`).
    Column("generatie", help="e.g. 2021-2022", label=gettext_lazy("Generation")),
    Column("sector", help="sector code", label=gettext_lazy("Sector")),
    Column("jaar", label=gettext_lazy("Year")),
    Column("kwartaal", help="1-4", label=gettext_lazy("Quarter")),
    Column("opleidingsuren", label=gettext_lazy("Training hours")),
    Column("dossiers", label=gettext_lazy("Training files")),
    Column("deelnemers", label=gettext_lazy("Participants")),
    Column("werknemers", help="the sector's employees", label=gettext_lazy("Employees")),
]


def _row(row: dict[str, str], actor: RequestUser) -> str:
    covenant = (
        policy.visible(actor, Covenant.objects.select_related("generation"))
        .filter(generation__code=row.get("generatie", ""), sector__code=row.get("sector", ""))
        .first()
    )
    if covenant is None or not policy.can(actor, "create", m.TrainingRecord(covenant=covenant)):
        raise ServiceError(
            gettext_lazy("No covenant of your sector fund for that generation and sector."),
            code="unknown_covenant",
            field="sector",
        )
    _, outcome = training_record_save(
        actor=actor,
        covenant=covenant,
        year=row.get("jaar"),
        quarter=row.get("kwartaal"),
        training_hours=row.get("opleidingsuren"),
        dossiers=row.get("dossiers"),
        participants=row.get("deelnemers"),
        employees=row.get("werknemers"),
        channel=m.Channel.IMPORT,
    )
    return outcome


TRAINING_IMPORTER = Importer(
    key="corework.trainings",
    title=gettext_lazy("Trainings for workers"),
    columns=COLUMNS,
    handle_row=_row,
)
