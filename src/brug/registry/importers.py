"""CSV/XLSX import and export of registry lists (via brug.core.tabular and the services).

Each list's export uses the same columns as its import, so an exported file can be edited and
imported again (round trip).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.urls import reverse

from brug.core import policy
from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy
from brug.core.jobs import Progress, job_handler
from brug.core.models import Job
from brug.core.tabular import Column, Importer, ImportFailed, headings, run_import
from brug.core.users import RequestUser
from brug.registry import models as m
from brug.registry import services as s


def _float(row: dict[str, str], name: str) -> float | None:
    raw = row.get(name, "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise ServiceError(
            gettext_lazy("'{v}' is not a number.", v=raw), code="number", field=name
        ) from exc


def _int(row: dict[str, str], name: str, default: int = 0) -> int:
    raw = row.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(float(raw))
    except ValueError as exc:
        raise ServiceError(
            gettext_lazy("'{v}' is not a whole number.", v=raw),
            code="number",
            field=name,
        ) from exc


def _bool(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "ja", "yes", "waar", "x"}


def _codes(raw: str) -> list[str]:
    return [c.strip() for c in raw.replace(",", "|").split("|") if c.strip()]


# ---------------------------------------------------------------- qualifications + competences


def _qualification_row(row: dict[str, str], actor: RequestUser) -> str:
    _, outcome = s.qualification_save(
        actor=actor,
        code=row.get("code", ""),
        name=row.get("name", ""),
        level=row.get("level", ""),
        source_url=row.get("source_url", ""),
        competence_code=row.get("competence_code", ""),
        competence_description=row.get("competence_description", ""),
        competence_order=_int(row, "competence_order"),
    )
    return outcome


def _qualification_export(qs: QuerySet[Any]) -> Iterable[Sequence[Any]]:
    for q in qs.prefetch_related("competences"):
        competences = list(q.competences.all())
        if not competences:
            yield [q.code, q.name, q.level, q.source_url, "", "", ""]
        for c in competences:
            yield [q.code, q.name, q.level, q.source_url, c.code, c.description, c.order]


# ---------------------------------------------------------------- programmes


def _default_grade(route: str) -> str:
    """A missing grade is the third for secondary routes; higher and adult education have none."""
    route = route.strip() or m.LearningRoute.FULL_TIME
    return "3" if route in m.SECONDARY_ROUTES else ""


def _programme_row(row: dict[str, str], actor: RequestUser) -> str:
    _, outcome = s.programme_save(
        actor=actor,
        code=row.get("code", ""),
        name=row.get("name", ""),
        finality=row.get("finality", ""),
        grade=row.get("grade", "") or _default_grade(row.get("route", "")),
        study_domain=row.get("study_domain", ""),
        is_dual=_bool(row.get("is_dual", "")),
        qualification_codes=_codes(row.get("qualifications", "")),
        route=row.get("route", ""),
        year=row.get("year", ""),
    )
    return outcome


def _programme_export(qs: QuerySet[Any]) -> Iterable[Sequence[Any]]:
    for p in qs.select_related("study_domain").prefetch_related("qualifications"):
        yield [
            p.code,
            p.name,
            p.finality,
            "" if p.grade is None else p.grade,
            p.study_domain.code,
            1 if p.is_dual else 0,
            "|".join(q.code for q in p.qualifications.all()),
            p.route,
            "" if p.year is None else p.year,
        ]


# ---------------------------------------------------------------- organisations (+ main site)

MAIN_SITE = "Hoofdzetel"


def _by_code(model: type[Any], code: str, field: str, label: Message) -> Any:
    if not code.strip():
        return None
    found = model._default_manager.filter(code=code.strip()).first()
    if found is None:
        raise ServiceError(
            gettext_lazy("Unknown code '{c}' ({e}).", c=code, e=label),
            code="unknown_code",
            field=field,
        )
    return found


def _organisation_data(row: dict[str, str]) -> s.OrganisationData:
    sector_codes = _codes(row.get("sectors", ""))
    sectors = list(m.Sector.objects.filter(code__in=sector_codes))
    missing = sorted(set(sector_codes) - {x.code for x in sectors})
    if missing:
        raise ServiceError(
            gettext_lazy("Unknown sector(s): {c}.", c=", ".join(missing)),
            code="sector_unknown",
            field="sectors",
        )
    return s.OrganisationData(
        kind=row.get("kind", "").strip(),
        name=row.get("name", ""),
        enterprise_number=row.get("enterprise_number", ""),
        network=_by_code(
            m.EducationNetwork, row.get("network", ""), "network", gettext_lazy("network")
        ),
        rtc_region=_by_code(
            m.RTCRegion, row.get("rtc_region", ""), "rtc_region", gettext_lazy("RTC region")
        ),
        website=row.get("website", "").strip(),
        email=row.get("email", "").strip(),
        sectors=sectors,
    )


def _existing_organisation(data: s.OrganisationData) -> m.Organisation | None:
    from brug.registry.validators import normalise_enterprise_number

    if data.enterprise_number.strip():
        number = normalise_enterprise_number(data.enterprise_number)
        found = m.Organisation.objects.filter(enterprise_number=number).first()
        if found is not None:
            return found
    return m.Organisation.objects.filter(kind=data.kind, name=data.name.strip()).first()


def _same_organisation(org: m.Organisation, data: s.OrganisationData) -> bool:
    from brug.registry.validators import normalise_enterprise_number

    number = (
        normalise_enterprise_number(data.enterprise_number)
        if data.enterprise_number.strip()
        else ""
    )
    return (
        org.kind == data.kind
        and org.name == data.name.strip()
        and org.enterprise_number == number
        and org.network_id == (data.network.pk if data.network else None)
        and org.rtc_region_id == (data.rtc_region.pk if data.rtc_region else None)
        and org.website == data.website
        and org.email == data.email
        and set(org.sectors.values_list("pk", flat=True)) == {x.pk for x in data.sectors}
    )


def _organisation_row(row: dict[str, str], actor: RequestUser) -> str:
    data = _organisation_data(row)
    org = _existing_organisation(data)
    if org is None:
        org = s.organisation_create(actor=actor, data=data)
        outcome = "created"
    else:
        data.joint_committees = list(org.joint_committees.all())
        data.department = org.department
        data.is_flemish_partnership = org.is_flemish_partnership
        data.is_demo = org.is_demo
        outcome = "unchanged"
        if not _same_organisation(org, data):
            s.organisation_update(actor=actor, organisation=org, data=data)
            outcome = "updated"
    nis = row.get("nis_code", "").strip()
    if nis:
        site_data = s.SiteData(
            name=MAIN_SITE,
            municipality_nis=nis,
            postal_code=row.get("postal_code", ""),
            street=row.get("street", ""),
        )
        site = org.sites.filter(name=MAIN_SITE).first()
        if site is None:
            s.site_create(actor=actor, organisation=org, data=site_data)
            outcome = "updated" if outcome == "unchanged" else outcome
        elif _site_differs(site, site_data):
            s.site_update(actor=actor, site=site, data=site_data)
            outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


def _organisation_export(qs: QuerySet[Any]) -> Iterable[Sequence[Any]]:
    rows = qs.select_related("network", "rtc_region").prefetch_related(
        "sectors", "sites__municipality", "sites__postal_code"
    )
    for o in rows:
        main = next((x for x in o.sites.all() if x.name == MAIN_SITE), None)
        yield [
            o.kind,
            o.name,
            o.enterprise_number,
            o.network.code if o.network else "",
            o.rtc_region.code if o.rtc_region else "",
            "|".join(x.code for x in o.sectors.all()),
            o.website,
            o.email,
            main.street if main else "",
            main.postal_code.code if main and main.postal_code else "",
            main.municipality.nis_code if main else "",
        ]


# ---------------------------------------------------------------- sites


def _site_differs(site: m.Site, data: s.SiteData) -> bool:
    lat = data.latitude if data.latitude is not None else site.municipality.latitude
    lon = data.longitude if data.longitude is not None else site.municipality.longitude
    return (
        site.street != data.street.strip()
        or site.municipality.nis_code != data.municipality_nis.strip()
        or (site.postal_code.code if site.postal_code else "") != data.postal_code.strip()
        or (data.latitude is not None and (site.latitude, site.longitude) != (lat, lon))
    )


def _site_row(row: dict[str, str], actor: RequestUser) -> str:
    number = row.get("organisation_enterprise_number", "").strip()
    from brug.registry.validators import normalise_enterprise_number

    org = None
    if number:
        org = m.Organisation.objects.filter(
            enterprise_number=normalise_enterprise_number(number)
        ).first()
    elif row.get("organisation", "").strip():
        org = m.Organisation.objects.filter(name=row["organisation"].strip()).first()
    if org is None:
        raise ServiceError(
            gettext_lazy("Organisation not found."),
            code="organisation_unknown",
            field="organisation_enterprise_number" if number else "organisation",
        )
    data = s.SiteData(
        name=row.get("name", ""),
        municipality_nis=row.get("nis_code", ""),
        postal_code=row.get("postal_code", ""),
        street=row.get("street", ""),
        latitude=_float(row, "latitude"),
        longitude=_float(row, "longitude"),
    )
    site = org.sites.filter(name=data.name.strip()).first()
    if site is None:
        s.site_create(actor=actor, organisation=org, data=data)
        return "created"
    if not _site_differs(site, data):
        return "unchanged"
    s.site_update(actor=actor, site=site, data=data)
    return "updated"


def _site_export(qs: QuerySet[Any]) -> Iterable[Sequence[Any]]:
    for x in qs.select_related("organisation", "municipality", "postal_code"):
        yield [
            x.organisation.enterprise_number,
            x.organisation.name,
            x.name,
            x.street,
            x.postal_code.code if x.postal_code else "",
            x.municipality.nis_code,
            x.latitude,
            x.longitude,
        ]


# ---------------------------------------------------------------- municipalities (coordinates)


def _municipality_row(row: dict[str, str], actor: RequestUser) -> str:
    lat, lon = _float(row, "latitude"), _float(row, "longitude")
    if lat is None or lon is None:
        raise ServiceError(
            gettext_lazy("Give both latitude and longitude."),
            code="coordinates_incomplete",
            field="latitude",
        )
    _, outcome = s.municipality_set_coordinates(
        actor=actor,
        nis_code=row.get("nis_code", ""),
        latitude=lat,
        longitude=lon,
        source=row.get("coordinates_source", ""),
    )
    return outcome


def _municipality_export(qs: QuerySet[Any]) -> Iterable[Sequence[Any]]:
    for x in qs.select_related("province"):
        yield [
            x.nis_code,
            x.name_nl,
            x.name_fr,
            x.province.nis_code,
            x.latitude,
            x.longitude,
            x.coordinates_source,
        ]


# ---------------------------------------------------------------- the lists


@dataclass(frozen=True)
class RegistryList:
    key: str
    resource: str
    importer: Importer
    export_rows: Callable[[QuerySet[Any]], Iterable[Sequence[Any]]]

    @property
    def model(self) -> type[Any]:
        return policy.policy_for(self.resource).model

    @property
    def header(self) -> list[str]:
        """The header row in the reader's (active) language; the import reads it back."""
        return headings(self.importer.columns)


# The header of each column in an export (in the reader's language); an import accepts the
# key, the Dutch and the English header (`brug.core.tabular.header_names`).
COLUMN_LABELS: dict[str, Message] = {
    "code": gettext_lazy("Code"),
    "name": gettext_lazy("Name"),
    "level": gettext_lazy("Level"),
    "source_url": gettext_lazy("Source address"),
    "competence_code": gettext_lazy("Competence code"),
    "competence_description": gettext_lazy("Competence description"),
    "competence_order": gettext_lazy("Competence order"),
    "finality": gettext_lazy("Finality"),
    "grade": gettext_lazy("Grade"),
    "study_domain": gettext_lazy("Study domain"),
    "is_dual": gettext_lazy("Dual"),
    "qualifications": gettext_lazy("Qualifications"),
    "route": gettext_lazy("Learning route"),
    "year": gettext_lazy("Year"),
    "kind": gettext_lazy("Kind"),
    "enterprise_number": gettext_lazy("Enterprise number"),
    "network": gettext_lazy("Education network"),
    "rtc_region": gettext_lazy("RTC region"),
    "sectors": gettext_lazy("Sectors"),
    "website": gettext_lazy("Website"),
    "email": gettext_lazy("E-mail address"),
    "street": gettext_lazy("Street and number"),
    "postal_code": gettext_lazy("Postal code"),
    "nis_code": gettext_lazy("NIS code"),
    "organisation_enterprise_number": gettext_lazy("Enterprise number of the organisation"),
    "organisation": gettext_lazy("Organisation"),
    "latitude": gettext_lazy("Latitude"),
    "longitude": gettext_lazy("Longitude"),
    "name_nl": gettext_lazy("Name (Dutch)"),
    "name_fr": gettext_lazy("Name (French)"),
    "province": gettext_lazy("Province"),
    "coordinates_source": gettext_lazy("Source of the coordinates"),
}


def C(name: str, *, required: bool = True, help: str = "") -> Column:
    return Column(name, required=required, help=help, label=COLUMN_LABELS[name])


LISTS: dict[str, RegistryList] = {
    x.key: x
    for x in [
        RegistryList(
            "qualifications",
            "registry.qualification",
            Importer(
                "qualifications",
                gettext_lazy("Qualifications and competences"),
                [
                    C("code"),
                    C("name"),
                    C("level", help="VKS 1-8"),
                    C("source_url", required=False),
                    C("competence_code", required=False),
                    C("competence_description", required=False),
                    C("competence_order", required=False),
                ],
                _qualification_row,
            ),
            _qualification_export,
        ),
        RegistryList(
            "programmes",
            "registry.programme",
            Importer(
                "programmes",
                gettext_lazy("Programmes"),
                [
                    C("code"),
                    C("name"),
                    C("finality", help="A, D/A, D"),
                    C("grade", required=False),
                    C("study_domain"),
                    C("is_dual", required=False),
                    C("qualifications", required=False, help="codes separated by |"),
                    C("route", required=False, help="full_time, dbso, apprenticeship, ..."),
                    C("year", required=False, help="1-3 (3: a seventh year)"),
                ],
                _programme_row,
            ),
            _programme_export,
        ),
        RegistryList(
            "organisations",
            "registry.organisation",
            Importer(
                "organisations",
                gettext_lazy("Organisations"),
                [
                    C("kind"),
                    C("name"),
                    C("enterprise_number", required=False),
                    C("network", required=False),
                    C("rtc_region", required=False),
                    C("sectors", required=False),
                    C("website", required=False),
                    C("email", required=False),
                    C("street", required=False),
                    C("postal_code", required=False),
                    C("nis_code", required=False),
                ],
                _organisation_row,
            ),
            _organisation_export,
        ),
        RegistryList(
            "sites",
            "registry.site",
            Importer(
                "sites",
                gettext_lazy("Sites"),
                [
                    C("organisation_enterprise_number", required=False),
                    C("organisation", required=False),
                    C("name"),
                    C("street", required=False),
                    C("postal_code", required=False),
                    C("nis_code"),
                    C("latitude", required=False),
                    C("longitude", required=False),
                ],
                _site_row,
            ),
            _site_export,
        ),
        RegistryList(
            "municipalities",
            "registry.municipality",
            Importer(
                "municipalities",
                gettext_lazy("Coordinates of municipalities"),
                [
                    C("nis_code"),
                    C("name_nl", required=False),
                    C("name_fr", required=False),
                    C("province", required=False),
                    C("latitude"),
                    C("longitude"),
                    C("coordinates_source"),
                ],
                _municipality_row,
            ),
            _municipality_export,
        ),
    ]
}


def export_list(key: str, user: RequestUser, filename: str) -> bytes:
    """The rows of a list that `user` may export, as CSV or XLSX (by extension)."""
    from brug.core.tabular import export_rows

    spec = LISTS[key]
    qs = policy.visible(user, spec.model._default_manager.all(), "export")
    return export_rows(filename, spec.header, spec.export_rows(qs))


def import_list(
    key: str,
    *,
    user: RequestUser | None,
    filename: str,
    content: bytes,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run an import; returns the report as a dict with `ok`. Nothing is written unless ok."""
    spec = LISTS[key]
    if not policy.can_any(user, "import", spec.resource):
        from brug.core.errors import NotAllowed

        raise NotAllowed()
    try:
        report = run_import(
            spec.importer,
            filename=filename,
            content=content,
            actor=user,
            dry_run=dry_run,
            progress=progress,
        )
    except ImportFailed as exc:
        return {"ok": False, **exc.report.as_dict()}
    return {"ok": True, **report.as_dict()}


@job_handler("registry.import")
def _import_job(job: Job, progress: Progress) -> dict[str, Any]:
    params = job.params
    with default_storage.open(params["path"], "rb") as fh:
        content = fh.read()
    result = import_list(
        params["list"],
        user=job.created_by,
        filename=params["filename"],
        content=content,
        dry_run=bool(params.get("dry_run")),
        progress=lambda done, total: progress(done, total),
    )
    default_storage.delete(params["path"])
    result["url"] = reverse("registry:import", args=[params["list"]]) + f"?job={job.pk}"
    return result


def store_upload(filename: str, content: bytes) -> str:
    return default_storage.save(f"registry-imports/{filename}", ContentFile(content))
