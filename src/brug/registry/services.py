"""Every write to the registry: permission first, then validation (nothing changes on bad input),
then the write and its audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction

from brug.core import policy
from brug.core.audit import audit_record, diff
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.users import RequestUser
from brug.registry import models as m
from brug.registry.validators import normalise_enterprise_number

# Belgium with a margin: coordinates outside are a typo (swapped, or missing a decimal point).
LAT_RANGE = (49.3, 51.7)
LON_RANGE = (2.3, 6.6)


@dataclass
class OrganisationData:
    kind: str
    name: str
    enterprise_number: str = ""
    network: m.EducationNetwork | None = None
    rtc_region: m.RTCRegion | None = None
    department: str = ""
    is_flemish_partnership: bool = False
    website: str = ""
    email: str = ""
    is_demo: bool = False
    sectors: Sequence[m.Sector] = field(default_factory=list)
    joint_committees: Sequence[m.JointCommittee] = field(default_factory=list)


def _organisation_fields(data: OrganisationData, *, exclude_pk: int | None) -> dict[str, Any]:
    name = data.name.strip()
    if not name:
        raise ServiceError(gettext_lazy("Give a name."), code="name_required", field="name")
    if data.kind not in m.OrganisationKind.values:
        raise ServiceError(
            gettext_lazy("Unknown kind of organisation '{k}'.", k=data.kind),
            code="kind_unknown",
            field="kind",
        )
    number = (
        normalise_enterprise_number(data.enterprise_number)
        if data.enterprise_number.strip()
        else ""
    )
    if number:
        taken = m.Organisation.objects.filter(enterprise_number=number)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            raise ServiceError(
                gettext_lazy(
                    "Enterprise number {n} is already registered for {o}.",
                    n=number,
                    o=taken.first(),
                ),
                code="enterprise_number_taken",
                field="enterprise_number",
            )
    if data.network is not None and data.kind not in {"school", "support_service"}:
        raise ServiceError(
            gettext_lazy("Only schools and support services belong to an education network."),
            code="network_not_allowed",
            field="network",
        )
    if data.rtc_region is not None and data.kind != "rtc":
        raise ServiceError(
            gettext_lazy("Only an RTC has an RTC region."),
            code="rtc_region_not_allowed",
            field="rtc_region",
        )
    if data.department and data.department not in m.DepartmentKind.values:
        raise ServiceError(
            gettext_lazy("Unknown department."),
            code="department_unknown",
            field="department",
        )
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError as exc:
            raise ServiceError(
                gettext_lazy("'{e}' is not a valid e-mail address.", e=data.email),
                code="email_invalid",
                field="email",
            ) from exc
    if data.website:
        try:
            URLValidator()(data.website)
        except ValidationError as exc:
            raise ServiceError(
                gettext_lazy("'{w}' is not a valid web address.", w=data.website),
                code="website_invalid",
                field="website",
            ) from exc
    return {
        "kind": data.kind,
        "name": name,
        "enterprise_number": number,
        "network": data.network,
        "rtc_region": data.rtc_region,
        "department": data.department,
        "is_flemish_partnership": data.is_flemish_partnership,
        "website": data.website,
        "email": data.email,
        "is_demo": data.is_demo,
    }


@transaction.atomic
def organisation_create(*, actor: RequestUser, data: OrganisationData) -> m.Organisation:
    policy.require(actor, "create", m.Organisation(kind=data.kind, name=data.name))
    fields = _organisation_fields(data, exclude_pk=None)
    organisation = m.Organisation.objects.create(**fields)
    organisation.sectors.set(data.sectors)
    organisation.joint_committees.set(data.joint_committees)
    audit_record(
        actor=actor,
        verb="registry.organisation.create",
        obj=organisation,
        changes={**fields, "sectors": [s.pk for s in data.sectors]},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: RequestUser, organisation: m.Organisation, data: OrganisationData
) -> m.Organisation:
    policy.require(actor, "change", organisation)
    fields = _organisation_fields(data, exclude_pk=organisation.pk)
    before = {k: getattr(organisation, k) for k in fields}
    before_sectors = sorted(organisation.sectors.values_list("pk", flat=True))
    for k, v in fields.items():
        setattr(organisation, k, v)
    organisation.save()
    organisation.sectors.set(data.sectors)
    organisation.joint_committees.set(data.joint_committees)
    changes = diff(before, fields)
    after_sectors = sorted(s.pk for s in data.sectors)
    if after_sectors != before_sectors:
        changes["sectors"] = [before_sectors, after_sectors]
    if changes:
        audit_record(
            actor=actor, verb="registry.organisation.change", obj=organisation, changes=changes
        )
    return organisation


def municipality_by_nis(nis_code: str) -> m.Municipality:
    code = nis_code.strip()
    found = m.Municipality.objects.filter(nis_code=code).first()
    if found is None:
        raise ServiceError(
            gettext_lazy("NIS code '{c}' is not a municipality in Flanders or Brussels.", c=code),
            code="nis_unknown",
            field="municipality",
        )
    return found


def _postal_code_for(municipality: m.Municipality, code: str) -> m.PostalCode | None:
    code = code.strip()
    if not code:
        return None
    found = municipality.postal_codes.filter(code=code).first()
    if found is None:
        raise ServiceError(
            gettext_lazy("Postcode {p} does not belong to {g}.", p=code, g=municipality.name_nl),
            code="postcode_mismatch",
            field="postal_code",
        )
    return found


def _coordinates(
    municipality: m.Municipality, latitude: float | None, longitude: float | None
) -> tuple[float | None, float | None]:
    if (latitude is None) != (longitude is None):
        raise ServiceError(
            gettext_lazy("Give both latitude and longitude."),
            code="coordinates_incomplete",
            field="latitude",
        )
    if latitude is None or longitude is None:
        # Default: the municipality's own coordinates (may be empty for a few, see data sources).
        return municipality.latitude, municipality.longitude
    if not (LAT_RANGE[0] <= latitude <= LAT_RANGE[1] and LON_RANGE[0] <= longitude <= LON_RANGE[1]):
        raise ServiceError(
            gettext_lazy("Coordinates {la}, {lo} are not in Belgium.", la=latitude, lo=longitude),
            code="coordinates_outside",
            field="latitude",
        )
    return latitude, longitude


@dataclass
class SiteData:
    name: str
    municipality_nis: str
    postal_code: str = ""
    street: str = ""
    latitude: float | None = None
    longitude: float | None = None
    is_demo: bool = False


def _site_fields(data: SiteData) -> dict[str, Any]:
    name = data.name.strip()
    if not name:
        raise ServiceError(gettext_lazy("Give a name."), code="name_required", field="name")
    municipality = municipality_by_nis(data.municipality_nis)
    postal_code = _postal_code_for(municipality, data.postal_code)
    lat, lon = _coordinates(municipality, data.latitude, data.longitude)
    return {
        "name": name,
        "street": data.street.strip(),
        "municipality": municipality,
        "postal_code": postal_code,
        "latitude": lat,
        "longitude": lon,
        "is_demo": data.is_demo,
    }


@transaction.atomic
def site_create(*, actor: RequestUser, organisation: m.Organisation, data: SiteData) -> m.Site:
    policy.require(actor, "create", m.Site(organisation=organisation))
    fields = _site_fields(data)
    site = m.Site.objects.create(organisation=organisation, **fields)
    audit_record(actor=actor, verb="registry.site.create", obj=site, changes=fields)
    return site


@transaction.atomic
def site_update(*, actor: RequestUser, site: m.Site, data: SiteData) -> m.Site:
    policy.require(actor, "change", site)
    fields = _site_fields(data)
    before = {k: getattr(site, k) for k in fields}
    for k, v in fields.items():
        setattr(site, k, v)
    site.save()
    changes = diff(before, fields)
    if changes:
        audit_record(actor=actor, verb="registry.site.change", obj=site, changes=changes)
    return site


@transaction.atomic
def site_delete(*, actor: RequestUser, site: m.Site) -> None:
    policy.require(actor, "delete", site)
    audit_record(actor=actor, verb="registry.site.delete", obj=site, changes={"name": site.name})
    site.delete()


# ---------------------------------------------------------------- reference lists (imports)


def _outcome(created: bool, changes: dict[str, Any]) -> str:
    return "created" if created else ("updated" if changes else "unchanged")


def _upsert(
    actor: RequestUser,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    verb: str,
) -> tuple[Any, str]:
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if obj is None:
        obj = model(**lookup, **values)
        policy.require(actor, "change", obj)
        obj.save()
        changes = values
    else:
        policy.require(actor, "change", obj)
        before = {k: getattr(obj, k) for k in values}
        changes = diff(before, values)
        if changes:
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
    if changes:
        audit_record(actor=actor, verb=verb, obj=obj, changes=changes)
    return obj, _outcome(created, changes)


def _level(raw: str) -> int:
    try:
        level = int(raw)
    except ValueError:
        level = 0
    if not 1 <= level <= 8:
        raise ServiceError(
            gettext_lazy("VKS level must be 1 to 8, not '{v}'.", v=raw),
            code="level_invalid",
            field="level",
        )
    return level


def _required(value: str, name: str) -> str:
    if not value.strip():
        raise ServiceError(
            gettext_lazy("Field '{f}' is required.", f=name),
            code="required",
            field=name,
        )
    return value.strip()


@transaction.atomic
def qualification_save(
    *,
    actor: RequestUser,
    code: str,
    name: str,
    level: str,
    source_url: str = "",
    competence_code: str = "",
    competence_description: str = "",
    competence_order: int = 0,
) -> tuple[m.Qualification, str]:
    """Create or update a qualification and, when given, one of its competences."""
    values = {
        "name": _required(name, "name"),
        "level": _level(level),
        "source_url": source_url.strip(),
    }
    qualification, outcome = _upsert(
        actor,
        m.Qualification,
        {"code": _required(code, "code")},
        values,
        "registry.qualification.save",
    )
    if competence_code.strip():
        _, c_outcome = _upsert(
            actor,
            m.Competence,
            {"qualification": qualification, "code": competence_code.strip()},
            {
                "description": _required(competence_description, "competence_description"),
                "order": competence_order,
            },
            "registry.competence.save",
        )
        if outcome == "unchanged":
            outcome = c_outcome
    return qualification, outcome


FINALITY_ALIASES = {"a": "A", "da": "DA", "d/a": "DA", "d": "D"}


@transaction.atomic
def programme_save(
    *,
    actor: RequestUser,
    code: str,
    name: str,
    finality: str,
    grade: str,
    study_domain: str,
    is_dual: bool,
    qualification_codes: Sequence[str] = (),
) -> tuple[m.Programme, str]:
    fin = FINALITY_ALIASES.get(finality.strip().lower())
    if fin is None:
        raise ServiceError(
            gettext_lazy("Finality must be A, D/A or D, not '{f}'.", f=finality),
            code="finality_invalid",
            field="finality",
        )
    if grade.strip() not in {"1", "2", "3"}:
        raise ServiceError(
            gettext_lazy("Grade must be 1, 2 or 3."),
            code="grade_invalid",
            field="grade",
        )
    domain = m.StudyDomain.objects.filter(code=study_domain.strip()).first()
    if domain is None:
        raise ServiceError(
            gettext_lazy("Unknown study domain '{d}'.", d=study_domain),
            code="study_domain_unknown",
            field="study_domain",
        )
    codes = [c.strip() for c in qualification_codes if c.strip()]
    quals = list(m.Qualification.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {q.code for q in quals})
    if missing:
        raise ServiceError(
            gettext_lazy("Unknown qualification(s): {c}.", c=", ".join(missing)),
            code="qualification_unknown",
            field="qualifications",
        )
    values = {
        "name": _required(name, "name"),
        "finality": fin,
        "grade": int(grade),
        "study_domain": domain,
        "is_dual": is_dual,
    }
    programme, outcome = _upsert(
        actor, m.Programme, {"code": _required(code, "code")}, values, "registry.programme.save"
    )
    before = set(programme.qualifications.values_list("pk", flat=True))
    if before != {q.pk for q in quals}:
        programme.qualifications.set(quals)
        audit_record(
            actor=actor,
            verb="registry.programme.qualifications",
            obj=programme,
            changes={"qualifications": [sorted(before), sorted(q.pk for q in quals)]},
        )
        outcome = "updated" if outcome == "unchanged" else outcome
    return programme, outcome


@transaction.atomic
def municipality_set_coordinates(
    *, actor: RequestUser, nis_code: str, latitude: float, longitude: float, source: str
) -> tuple[m.Municipality, str]:
    municipality = municipality_by_nis(nis_code)
    policy.require(actor, "change", municipality)
    lat, lon = _coordinates(municipality, latitude, longitude)
    values = {
        "latitude": lat,
        "longitude": lon,
        "coordinates_source": _required(source, "source")[:100],
    }
    _, outcome = _upsert(
        actor, m.Municipality, {"pk": municipality.pk}, values, "registry.municipality.coordinates"
    )
    return municipality, outcome
