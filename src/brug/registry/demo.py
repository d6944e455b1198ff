"""Demo organisations, sites and people (order 10). Real institutions are created as real;
generated schools, companies and people are marked `is_demo` and carry "(demo)" in their names.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password

from brug.accounts.models import Membership, User
from brug.core.bulk import insert_returning_ids, insert_rows, with_defaults
from brug.core.demo import DEMO_PASSWORD, DemoContext, demo_step
from brug.registry.models import (
    DepartmentKind,
    EducationNetwork,
    Municipality,
    Organisation,
    OrganisationKind,
    Province,
    RTCRegion,
    Sector,
    Site,
)

# One demo login per role; the README lists the same.
DEMO_LOGINS: dict[str, str] = {
    "platform_admin": "admin",
    "department_work": "wse",
    "department_education": "onderwijs",
    "consultant": "consulent",
    "reviewer": "beoordelaar",
    "company_contact": "bedrijf",
    "guide": "begeleider",
    "teacher": "leerkracht",
    "technical_adviser": "ta",
    "rtc_staff": "rtc",
    "support_staff": "pbd",
    "vdab_staff": "vdab",
    "learner": "leerling",
    "network_staff": "onderwijsnet",
    "education_council": "vlor",
    "intersectoral_adviser": "intersectoraal",
    "privacy_contact": "privacy",
}

# Shares used to shape the demo (approximate; stated as such in docs/data-sources.md).
# Dutch-language secondary schools by network: Catholic education is by far the largest.
NETWORK_SHARES = {"kov": 0.64, "go": 0.21, "ovsg": 0.06, "pov": 0.06, "oko": 0.03}
# Population of the Flemish provinces (and Dutch-language Brussels) shapes schools and companies.
PROVINCE_SHARES = {
    "10000": 0.27,
    "20001": 0.17,
    "30000": 0.18,
    "40000": 0.23,
    "70000": 0.13,
    "04000": 0.02,
}
SCHOOL_PATRONS = [
    "Sint-Jozef",
    "Sint-Lutgardis",
    "Don Bosco",
    "Sint-Vincentius",
    "Heilig Hart",
    "Sint-Victor",
    "Technicum",
    "Atheneum",
    "Scheppers",
    "Spes Nostra",
    "Sint-Ursula",
    "Vrij Technisch Instituut",
    "Provinciaal Instituut",
    "Stedelijk Instituut",
    "Campus",
    "Technisch Instituut",
]
COMPANY_WORDS = [
    "Vandamme",
    "Peeters",
    "Janssens",
    "Maes",
    "Claes",
    "Wouters",
    "De Smet",
    "Goossens",
    "Mertens",
    "Willems",
    "Jacobs",
    "Lambrechts",
    "Dubois",
    "Verhoeven",
    "Van den Broeck",
    "Hermans",
    "Smets",
    "Aerts",
    "De Backer",
    "Martens",
    "Michiels",
    "Cools",
    "Verstraete",
]
COMPANY_SUFFIXES = ["& Zonen", "Techniek", "Groep", "Solutions", "Services", "Bouw", "Industries"]
FIRST_NAMES = [
    "Lotte",
    "Noah",
    "Emma",
    "Arthur",
    "Louise",
    "Lucas",
    "Marie",
    "Finn",
    "Elise",
    "Jules",
    "Nora",
    "Vic",
    "Fien",
    "Mats",
    "Hanne",
    "Wout",
    "Lien",
    "Tom",
    "Sara",
    "Ines",
]
LAST_NAMES = COMPANY_WORDS
BATCH = 2000


def _weighted(rng: random.Random, shares: dict[str, float]) -> str:
    keys = list(shares)
    return rng.choices(keys, weights=[shares[k] for k in keys])[0]


def _municipalities_by_province() -> dict[str, list[Municipality]]:
    by_province: dict[str, list[Municipality]] = {}
    for municipality in Municipality.objects.select_related("province").exclude(latitude=None):
        by_province.setdefault(municipality.province.nis_code, []).append(municipality)
    return by_province


def _institutions(ctx: DemoContext) -> dict[str, list[Organisation]]:
    """Real public bodies the platform needs (not demo data)."""

    def org(kind: str, name: str, **fields: object) -> Organisation:
        obj, _ = Organisation.objects.get_or_create(kind=kind, name=name, defaults=fields)
        return obj

    found: dict[str, list[Organisation]] = {}
    found["departments"] = [
        org(
            OrganisationKind.DEPARTMENT,
            "Departement Werk en Sociale Economie",
            department=DepartmentKind.WORK,
        ),
        org(
            OrganisationKind.DEPARTMENT,
            "Departement Onderwijs en Vorming",
            department=DepartmentKind.EDUCATION,
        ),
    ]
    found["platform"] = [org(OrganisationKind.DEPARTMENT, "Brug platformbeheer")]
    found["vdab"] = [org(OrganisationKind.VDAB, "VDAB")]
    found["rtcs"] = [
        org(OrganisationKind.RTC, region.name, rtc_region=region)
        for region in RTCRegion.objects.all()
    ]
    found["support_services"] = [
        org(
            OrganisationKind.SUPPORT_SERVICE,
            f"Pedagogische begeleidingsdienst {network.short_name}",
            network=network,
        )
        for network in EducationNetwork.objects.all()
    ]
    # The office of each education network and the education council (Vlor) advise on the
    # education actions of the covenants (seed 000).
    found["network_offices"] = [
        org(
            OrganisationKind.EDUCATION_NETWORK,
            f"Onderwijsnet {network.short_name}",
            network=network,
        )
        for network in EducationNetwork.objects.all()
    ]
    found["council"] = [org(OrganisationKind.EDUCATION_COUNCIL, "Vlaamse Onderwijsraad (Vlor)")]
    partnerships = [
        org(
            OrganisationKind.PARTNERSHIP,
            "Vlaams Partnerschap Duaal Leren",
            is_flemish_partnership=True,
        )
    ]
    for sector in Sector.objects.filter(has_dual_partnership=True):
        partnership = org(
            OrganisationKind.PARTNERSHIP, f"Sectoraal partnerschap duaal leren {sector.name}"
        )
        partnership.sectors.add(sector)
        partnerships.append(partnership)
    found["partnerships"] = partnerships
    found["sector_funds"] = list(
        Organisation.objects.filter(kind=OrganisationKind.SECTOR_FUND).order_by("pk")
    )
    ctx.counts["registry.institutions"] = sum(len(v) for v in found.values())
    return found


def _make_orgs_with_sites(
    ctx: DemoContext,
    rng: random.Random,
    kind: str,
    names: Sequence[tuple[str, str, dict[str, object]]],
    by_province: dict[str, list[Municipality]],
) -> list[Organisation]:
    """Plain multi-row inserts (core.bulk): `bulk_create` on SQLite sends some 30 rows per
    statement, which at 190,000 companies is most of the step. The objects returned carry
    the fields given here and their primary keys."""
    extra = sorted({key for _, _, fields in names for key in fields})
    org_fields, org_row = with_defaults(
        Organisation, ["kind", "name", "is_demo", *(f"{key}_id" for key in extra)]
    )
    ids: list[int] = []
    for begin in range(0, len(names), BATCH):
        chunk = names[begin : begin + BATCH]
        ids += insert_returning_ids(
            Organisation,
            org_fields,
            [
                org_row((kind, name, True, *(_pk(fields.get(key)) for key in extra)))
                for name, _, fields in chunk
            ],
        )
        ctx.progress(f"registry: {kind}", len(ids), len(names))
    organisations = []
    for pk, (name, _, fields) in zip(ids, names, strict=True):
        organisation = Organisation(pk=pk, kind=kind, name=name, is_demo=True, **fields)
        organisation._state.adding, organisation._state.db = False, "default"
        organisations.append(organisation)
    site_fields, site_row = with_defaults(
        Site,
        [
            "organisation_id",
            "name",
            "street",
            "municipality_id",
            "latitude",
            "longitude",
            "is_demo",
        ],
    )

    def sites() -> Iterator[tuple[object, ...]]:
        for organisation, (_, province_code, _) in zip(organisations, names, strict=True):
            municipality = rng.choice(by_province[province_code])
            yield site_row(
                (
                    organisation.pk,
                    f"Hoofdzetel {municipality.name_nl}",
                    f"{rng.choice(['Kerkstraat', 'Stationsstraat', 'Industrieweg', 'Nijverheidsstraat', 'Schoolstraat'])} {rng.randint(1, 180)}",
                    municipality.pk,
                    municipality.latitude,
                    municipality.longitude,
                    True,
                )
            )

    insert_rows(Site, site_fields, sites())
    return organisations


def _pk(value: object) -> object:
    return getattr(value, "pk", value)


def _demo_user(
    username: str, role: str, organisation: Organisation, password_hash: str, **fields: object
) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "password": password_hash,
            "is_demo": True,
            "email": f"{username}@demo.brug.localhost",
            **fields,
        },
    )
    # Each named demo login administers its organisation's accounts (not the learner).
    Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"is_org_admin": role != "learner"},
    )
    return user


@demo_step(10, "registry.organisations")
def organisations(ctx: DemoContext) -> None:
    rng = ctx.rng_for("registry.organisations")
    scale = ctx.scale
    institutions = _institutions(ctx)
    by_province = _municipalities_by_province()
    available = {code: share for code, share in PROVINCE_SHARES.items() if by_province.get(code)}
    networks = {n.code: n for n in EducationNetwork.objects.all()}
    network_shares = {code: share for code, share in NETWORK_SHARES.items() if code in networks}

    school_specs: list[tuple[str, str, dict[str, object]]] = []
    for i in range(scale.schools):
        province = _weighted(rng, available)
        network = networks[_weighted(rng, network_shares)]
        place = rng.choice(by_province[province]).name_nl
        school_specs.append(
            (f"{rng.choice(SCHOOL_PATRONS)} {place} {i + 1} (demo)", province, {"network": network})
        )
    ctx.progress("registry: schools", 0, scale.schools)
    schools = _make_orgs_with_sites(ctx, rng, OrganisationKind.SCHOOL, school_specs, by_province)
    ctx.counts["registry.schools"] += len(schools)

    sectors = list(Sector.objects.all())
    # Bigger sectors get more demo companies: weight by joint committees as a rough proxy.
    sector_weights = [1 + s.joint_committees.count() for s in sectors]
    company_specs: list[tuple[str, str, dict[str, object]]] = []
    company_sectors = []
    for i in range(scale.companies):
        province = _weighted(rng, available)
        sector = rng.choices(sectors, weights=sector_weights)[0] if sectors else None
        company_sectors.append(sector)
        company_specs.append(
            (
                f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_SUFFIXES)} {i + 1} (demo)",
                province,
                {},
            )
        )
        if i % 1000 == 0:
            ctx.progress("registry: companies", i, scale.companies)
    companies = _make_orgs_with_sites(
        ctx, rng, OrganisationKind.COMPANY, company_specs, by_province
    )
    through = Organisation.sectors.through
    insert_rows(
        through,
        ["organisation_id", "sector_id"],
        ((c.pk, s.pk) for c, s in zip(companies, company_sectors, strict=True) if s),
    )
    ctx.counts["registry.companies"] += len(companies)

    password_hash = make_password(DEMO_PASSWORD)
    construction = Sector.objects.filter(joint_committees__number="124").first() or (
        sectors[0] if sectors else None
    )

    def first(orgs: list[Organisation], sector: Sector | None = None) -> Organisation:
        if sector is not None:
            for org in orgs:
                if org.sectors.filter(pk=sector.pk).exists():
                    return org
        return orgs[0]

    demo_company = first(companies, construction)
    demo_school = schools[0]
    assignments = {
        "platform_admin": institutions["platform"][0],
        "department_work": institutions["departments"][0],
        "department_education": institutions["departments"][1],
        "consultant": first(institutions["sector_funds"], construction)
        if institutions["sector_funds"]
        else None,
        "reviewer": first(
            institutions["partnerships"][1:] or institutions["partnerships"], construction
        ),
        "company_contact": demo_company,
        "guide": demo_school,
        "teacher": demo_school,
        "technical_adviser": demo_school,
        "rtc_staff": next(
            (
                r
                for r in institutions["rtcs"]
                if r.rtc_region
                and demo_school.sites.filter(
                    municipality__province__in=r.rtc_region.provinces.all()
                ).exists()
            ),
            institutions["rtcs"][0] if institutions["rtcs"] else None,
        ),
        "support_staff": next(
            (s for s in institutions["support_services"] if s.network_id == demo_school.network_id),
            None,
        ),
        "vdab_staff": institutions["vdab"][0],
        "learner": demo_school,
        "network_staff": next(
            (o for o in institutions["network_offices"] if o.network_id == demo_school.network_id),
            None,
        ),
        "education_council": institutions["council"][0],
        "intersectoral_adviser": institutions["departments"][0],
        "privacy_contact": demo_school,
    }
    demo_users: dict[str, User] = {}
    for i, (role, username) in enumerate(DEMO_LOGINS.items()):
        organisation = assignments[role]
        if organisation is None:
            continue
        extra: dict[str, object] = {
            "first_name": FIRST_NAMES[i % len(FIRST_NAMES)],
            "last_name": LAST_NAMES[i % len(LAST_NAMES)],
        }
        if role == "platform_admin":
            extra.update(is_staff=True, is_superuser=True)
        demo_users[role] = _demo_user(username, role, organisation, password_hash, **extra)
    ctx.counts["accounts.demo_logins"] += len(demo_users)

    # Staff for every school and company, so lists and notifications look like real work.
    staff: list[tuple[str, str, Organisation]] = []
    for school in schools:
        staff += [
            (f"leerkracht-{school.pk}-{n}", "teacher", school)
            for n in range(scale.teachers_per_school)
        ]
        staff.append((f"begeleider-{school.pk}", "guide", school))
    staff += [(f"contact-{company.pk}", "company_contact", company) for company in companies]
    for fund in institutions["sector_funds"]:
        staff += [(f"consulent-{fund.pk}-{n}", "consultant", fund) for n in range(2)]
    staff += [(f"beoordelaar-{p.pk}", "reviewer", p) for p in institutions["partnerships"]]
    user_fields, user_row = with_defaults(
        User, ["username", "first_name", "last_name", "password", "is_demo"]
    )
    member_fields, member_row = with_defaults(Membership, ["user_id", "organisation_id", "role"])
    n_staff = 0
    for begin in range(0, len(staff), BATCH):
        chunk = staff[begin : begin + BATCH]
        user_ids = insert_returning_ids(
            User,
            user_fields,
            [
                user_row(
                    (
                        username,
                        rng.choice(FIRST_NAMES),
                        rng.choice(LAST_NAMES),
                        UNUSABLE_PASSWORD_PREFIX,
                        True,
                    )
                )
                for username, _, _ in chunk
            ],
        )
        insert_rows(
            Membership,
            member_fields,
            (
                member_row((user_id, organisation.pk, role))
                for user_id, (_, role, organisation) in zip(user_ids, chunk, strict=True)
            ),
        )
        n_staff += len(user_ids)
    ctx.counts["accounts.demo_staff"] += n_staff

    ctx.shared.update(
        demo_users=demo_users,
        schools=schools,
        companies=companies,
        sector_funds=institutions["sector_funds"],
        partnerships=institutions["partnerships"],
        rtcs=institutions["rtcs"],
        support_services=institutions["support_services"],
        network_offices=institutions["network_offices"],
        council=institutions["council"],
        vdab=institutions["vdab"],
        provinces=list(Province.objects.all()),
    )
