"""What a registry detail page shows: facts and related lists, per kind of object.

Only presentation: every related list is read through the viewer's visible queryset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from brug.core.i18n import Text, t
from brug.core.users import RequestUser
from brug.registry import models as m
from brug.registry.selectors import visible_to


@dataclass
class Section:
    title: Text
    items: list[tuple[str, str]]  # (label, url or "")
    empty: Text = field(default_factory=lambda: t("Geen.", "None."))


@dataclass
class Detail:
    title: str
    facts: list[tuple[Text, str]]
    sections: list[Section]


def _url(slug: str, obj: Any) -> str:
    return reverse("registry:detail", args=[slug, obj.pk])


def _coords(lat: float | None, lon: float | None) -> str:
    return f"{lat:.5f}, {lon:.5f}" if lat is not None and lon is not None else "–"


def _municipality(user: RequestUser, o: m.Municipality) -> Detail:
    return Detail(
        o.name_nl,
        [
            (t("NIS-code", "NIS code"), o.nis_code),
            (t("Franse naam", "French name"), o.name_fr or "–"),
            (t("Provincie", "Province"), o.province.name_nl),
            (t("Coördinaten", "Coordinates"), _coords(o.latitude, o.longitude)),
            (
                t("Bron coördinaten", "Source of the coordinates"),
                o.coordinates_source
                or "geen: niet gevonden in GeoNames / none: not found in GeoNames",
            ),
            (
                t("Vestigingen", "Sites"),
                str(visible_to(user, m.Site).filter(municipality=o).count()),
            ),
        ],
        [
            Section(
                t("Postcodes", "Postcodes"),
                [(str(p), "") for p in visible_to(user, m.PostalCode).filter(municipality=o)],
            )
        ],
    )


def _postal_code(user: RequestUser, o: m.PostalCode) -> Detail:
    return Detail(
        str(o),
        [(t("Gemeente", "Municipality"), o.municipality.name_nl)],
        [
            Section(
                t("Gemeente", "Municipality"),
                [(o.municipality.name_nl, _url("gemeenten", o.municipality))],
            )
        ],
    )


def _province(user: RequestUser, o: m.Province) -> Detail:
    return Detail(
        o.name_nl,
        [
            (t("NIS-code", "NIS code"), o.nis_code),
            (t("Engelse naam", "English name"), o.name_en),
            (t("Gewest", "Region"), o.get_region_display()),
        ],
        [
            Section(
                t("Gemeenten", "Municipalities"),
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
        [(t("Code", "Code"), o.code)],
        [
            Section(
                t("Provincies", "Provinces"),
                [(p.name_nl, _url("provincies", p)) for p in o.provinces.all()],
            ),
            Section(
                t("Organisaties", "Organisations"),
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
            (t("Korte naam", "Short name"), o.short_name),
            (t("Scholen en diensten", "Schools and services"), str(schools.count())),
        ],
        [
            Section(
                t("Scholen en diensten", "Schools and services"),
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
                t("Opleidingen", "Programmes"),
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
                Text(f"{q.name} (VKS {q.level})", f"{q.name} (VKS {q.level})"),
                [(f"{c.code} {c.description}", "") for c in q.competences.all()],
                t("Geen competenties opgenomen.", "No competences recorded."),
            )
        )
    return Detail(
        o.name,
        [
            (t("Code", "Code"), o.code),
            (t("Finaliteit", "Finality"), o.get_finality_display()),
            (t("Leerweg", "Learning route"), o.get_route_display()),
            (t("Graad", "Grade"), str(o.grade) if o.grade else "–"),
            (t("Leerjaar in de graad", "Year in the grade"), str(o.year) if o.year else "–"),
            (t("Studiedomein", "Study domain"), o.study_domain.name),
            (t("Duaal", "Dual"), "ja / yes" if o.is_dual else "nee / no"),
        ],
        sections or [Section(t("Beroepskwalificaties", "Qualifications"), [])],
    )


def _qualification(user: RequestUser, o: m.Qualification) -> Detail:
    return Detail(
        o.name,
        [
            (t("Code", "Code"), o.code),
            (t("VKS-niveau", "VKS level"), str(o.level)),
            (t("Bron", "Source"), o.source_url or "–"),
        ],
        [
            Section(
                t("Competenties", "Competences"),
                [(f"{c.code} {c.description}", "") for c in o.competences.all()],
            ),
            Section(
                t("Opleidingen", "Programmes"),
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
            (t("Code", "Code"), o.code),
            (
                t("Partnerschap duaal leren", "Dual learning partnership"),
                "ja / yes" if o.has_dual_partnership else "nee / no",
            ),
            (
                t("Bron", "Source"),
                str(
                    t(
                        "gereconstrueerd door Brug: geen bron noemt deze sector",
                        "reconstructed by Brug: no source names this sector",
                    )
                    if o.is_reconstructed
                    else t("genoemd in de bronnen", "named in the sources")
                ),
            ),
        ],
        [
            Section(
                t("Paritaire comités", "Joint committees"),
                [(str(j), _url("paritaire-comites", j)) for j in o.joint_committees.all()],
            ),
            Section(
                t("Sectorfondsen", "Sector funds"),
                [(f.name, _url("organisaties", f)) for f in funds],
                t("Nog geen sectorfonds opgenomen.", "No sector fund recorded yet."),
            ),
        ],
    )


def _joint_committee(user: RequestUser, o: m.JointCommittee) -> Detail:
    return Detail(
        str(o),
        [
            (t("Nummer", "Number"), o.number),
            (t("Sector", "Sector"), o.sector.name if o.sector else "–"),
        ],
        [
            Section(
                t("Sector", "Sector"),
                [(o.sector.name, _url("sectoren", o.sector))] if o.sector else [],
            )
        ],
    )


def _organisation(user: RequestUser, o: m.Organisation) -> Detail:
    from brug.registry.selectors import _format_number

    facts = [
        (t("Soort", "Kind"), o.get_kind_display()),
        (t("Ondernemingsnummer", "Enterprise number"), _format_number(o.enterprise_number)),
    ]
    if o.network:
        facts.append((t("Onderwijsnet", "Education network"), o.network.name))
    if o.rtc_region:
        facts.append((t("RTC-regio", "RTC region"), o.rtc_region.name))
    if o.website:
        facts.append((t("Website", "Website"), o.website))
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
                t("Vestigingen", "Sites"),
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
                t("Sectoren", "Sectors"), [(x.name, _url("sectoren", x)) for x in o.sectors.all()]
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
