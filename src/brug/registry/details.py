"""What a registry detail page shows: facts and related lists, per kind of object.

Only presentation: every related list is read through the viewer's visible queryset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from brug.core.i18n import Message, as_message, gettext_lazy, pgettext_lazy
from brug.core.users import RequestUser
from brug.registry import models as m
from brug.registry.selectors import visible_to


@dataclass
class Section:
    title: Message
    items: list[tuple[str, str]]  # (label, url or "")
    empty: Message = field(default_factory=lambda: gettext_lazy("None."))


@dataclass
class Detail:
    title: str
    facts: list[tuple[Message, str]]
    sections: list[Section]


def _url(slug: str, obj: Any) -> str:
    return reverse("registry:detail", args=[slug, obj.pk])


def _coords(lat: float | None, lon: float | None) -> str:
    return f"{lat:.5f}, {lon:.5f}" if lat is not None and lon is not None else "–"


def _municipality(user: RequestUser, o: m.Municipality) -> Detail:
    return Detail(
        o.name_nl,
        [
            (gettext_lazy("NIS code"), o.nis_code),
            (gettext_lazy("French name"), o.name_fr or "–"),
            (gettext_lazy("Province"), o.province.name_nl),
            (gettext_lazy("Coordinates"), _coords(o.latitude, o.longitude)),
            (
                gettext_lazy("Source of the coordinates"),
                o.coordinates_source
                or "geen: niet gevonden in GeoNames / none: not found in GeoNames",
            ),
            (
                gettext_lazy("Sites"),
                str(visible_to(user, m.Site).filter(municipality=o).count()),
            ),
        ],
        [
            Section(
                gettext_lazy("Postcodes"),
                [(str(p), "") for p in visible_to(user, m.PostalCode).filter(municipality=o)],
            )
        ],
    )


def _postal_code(user: RequestUser, o: m.PostalCode) -> Detail:
    return Detail(
        str(o),
        [(gettext_lazy("Municipality"), o.municipality.name_nl)],
        [
            Section(
                gettext_lazy("Municipality"),
                [(o.municipality.name_nl, _url("gemeenten", o.municipality))],
            )
        ],
    )


def _province(user: RequestUser, o: m.Province) -> Detail:
    return Detail(
        o.name_nl,
        [
            (gettext_lazy("NIS code"), o.nis_code),
            (gettext_lazy("English name"), o.name_en),
            (pgettext_lazy("Gewest", "Region"), o.get_region_display()),
        ],
        [
            Section(
                gettext_lazy("Municipalities"),
                [
                    (x.name_nl, _url("gemeenten", x))
                    for x in visible_to(user, m.Municipality).filter(province=o)
                ],
            )
        ],
    )


def _rtc(user: RequestUser, o: m.RTCRegion) -> Detail:
    return Detail(
        o.name,
        [(gettext_lazy("Code"), o.code)],
        [
            Section(
                gettext_lazy("Provinces"),
                [(p.name_nl, _url("provincies", p)) for p in o.provinces.all()],
            ),
            Section(
                gettext_lazy("Organisations"),
                [
                    (x.name, _url("organisaties", x))
                    for x in visible_to(user, m.Organisation).filter(rtc_region=o)
                ],
            ),
        ],
    )


def _network(user: RequestUser, o: m.EducationNetwork) -> Detail:
    schools = visible_to(user, m.Organisation).filter(network=o)
    return Detail(
        o.name,
        [
            (gettext_lazy("Short name"), o.short_name),
            (gettext_lazy("Schools and services"), str(schools.count())),
        ],
        [
            Section(
                gettext_lazy("Schools and services"),
                [(x.name, _url("organisaties", x)) for x in schools[:200]],
            )
        ],
    )


def _study_domain(user: RequestUser, o: m.StudyDomain) -> Detail:
    return Detail(
        o.name,
        [],
        [
            Section(
                gettext_lazy("Programmes"),
                [
                    (x.name, _url("opleidingen", x))
                    for x in visible_to(user, m.Programme).filter(study_domain=o)
                ],
            )
        ],
    )


def _programme(user: RequestUser, o: m.Programme) -> Detail:
    sections = []
    for q in visible_to(user, m.Qualification).filter(programmes=o).prefetch_related("competences"):
        sections.append(
            Section(
                as_message(f"{q.name} (VKS {q.level})"),
                [(f"{c.code} {c.description}", "") for c in q.competences.all()],
                gettext_lazy("No competences recorded."),
            )
        )
    return Detail(
        o.name,
        [
            (gettext_lazy("Code"), o.code),
            (gettext_lazy("Finality"), o.get_finality_display()),
            (gettext_lazy("Learning route"), o.get_route_display()),
            (gettext_lazy("Grade"), str(o.grade) if o.grade else "–"),
            (gettext_lazy("Year in the grade"), str(o.year) if o.year else "–"),
            (gettext_lazy("Study domain"), o.study_domain.name),
            (
                gettext_lazy("Dual"),
                str(gettext_lazy("yes")) if o.is_dual else str(gettext_lazy("no")),
            ),
        ],
        sections or [Section(gettext_lazy("Qualifications"), [])],
    )


def _qualification(user: RequestUser, o: m.Qualification) -> Detail:
    return Detail(
        o.name,
        [
            (gettext_lazy("Code"), o.code),
            (gettext_lazy("VKS level"), str(o.level)),
            (gettext_lazy("Source"), o.source_url or "–"),
        ],
        [
            Section(
                gettext_lazy("Competences"),
                [(f"{c.code} {c.description}", "") for c in o.competences.all()],
            ),
            Section(
                gettext_lazy("Programmes"),
                [
                    (x.name, _url("opleidingen", x))
                    for x in visible_to(user, m.Programme).filter(qualifications=o)
                ],
            ),
        ],
    )


def _sector(user: RequestUser, o: m.Sector) -> Detail:
    funds = visible_to(user, m.Organisation).filter(sectors=o, kind=m.OrganisationKind.SECTOR_FUND)
    return Detail(
        o.name,
        [
            (gettext_lazy("Code"), o.code),
            (
                gettext_lazy("Dual learning partnership"),
                str(gettext_lazy("yes")) if o.has_dual_partnership else str(gettext_lazy("no")),
            ),
            (
                gettext_lazy("Source"),
                str(
                    gettext_lazy("reconstructed by Brug: no source names this sector")
                    if o.is_reconstructed
                    else gettext_lazy("named in the sources")
                ),
            ),
        ],
        [
            Section(
                gettext_lazy("Joint committees"),
                [(str(j), _url("paritaire-comites", j)) for j in o.joint_committees.all()],
            ),
            Section(
                gettext_lazy("Sector funds"),
                [(f.name, _url("organisaties", f)) for f in funds],
                gettext_lazy("No sector fund recorded yet."),
            ),
        ],
    )


def _joint_committee(user: RequestUser, o: m.JointCommittee) -> Detail:
    return Detail(
        str(o),
        [
            (pgettext_lazy("Nummer", "Number"), o.number),
            (gettext_lazy("Sector"), o.sector.name if o.sector else "–"),
        ],
        [
            Section(
                gettext_lazy("Sector"),
                [(o.sector.name, _url("sectoren", o.sector))] if o.sector else [],
            )
        ],
    )


def _organisation(user: RequestUser, o: m.Organisation) -> Detail:
    from brug.registry.selectors import _format_number

    facts = [
        (gettext_lazy("Kind"), o.get_kind_display()),
        (gettext_lazy("Enterprise number"), _format_number(o.enterprise_number)),
    ]
    if o.network:
        facts.append((gettext_lazy("Education network"), o.network.name))
    if o.rtc_region:
        facts.append((gettext_lazy("RTC region"), o.rtc_region.name))
    if o.website:
        facts.append((gettext_lazy("Website"), o.website))
    sites = (
        visible_to(user, m.Site)
        .filter(organisation=o)
        .select_related("municipality", "postal_code")
    )
    return Detail(
        o.name,
        facts,
        [
            Section(
                gettext_lazy("Sites"),
                [
                    (
                        f"{s.name} — {s.street} {s.postal_code.code if s.postal_code else ''} {s.municipality.name_nl}".replace(
                            "  ", " "
                        ),
                        "",
                    )
                    for s in sites
                ],
            ),
            Section(
                gettext_lazy("Sectors"), [(x.name, _url("sectoren", x)) for x in o.sectors.all()]
            ),
        ],
    )


BUILDERS: dict[str, Callable[[Any, Any], Detail]] = {
    "gemeenten": _municipality,
    "postcodes": _postal_code,
    "provincies": _province,
    "rtc-regios": _rtc,
    "onderwijsnetten": _network,
    "studiedomeinen": _study_domain,
    "opleidingen": _programme,
    "beroepskwalificaties": _qualification,
    "sectoren": _sector,
    "paritaire-comites": _joint_committee,
    "organisaties": _organisation,
}
