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
    Column("generatie", help="e.g. 2021-2022"),
    Column("sector", help="sector code"),
    Column("jaar"),
    Column("kwartaal", help="1-4"),
    Column("opleidingsuren"),
    Column("dossiers"),
    Column("deelnemers"),
    Column("werknemers", help="the sector's employees"),
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
