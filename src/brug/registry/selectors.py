"""Every read of the registry starts from what the viewer may see (`policy.visible`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from brug.core import policy
from brug.core.i18n import Message, gettext_lazy, pgettext_lazy
from brug.core.users import RequestUser
from brug.registry import models as m


def visible_to(user: RequestUser, model: type[Any], action: str = "view") -> QuerySet[Any]:
    return policy.visible(user, model._default_manager.all(), action)


def municipalities_visible_to(user: RequestUser) -> QuerySet[m.Municipality]:
    return visible_to(user, m.Municipality).select_related("province")


def organisations_visible_to(user: RequestUser) -> QuerySet[m.Organisation]:
    return visible_to(user, m.Organisation).select_related("network", "rtc_region")


def sites_visible_to(user: RequestUser) -> QuerySet[m.Site]:
    return visible_to(user, m.Site).select_related("organisation", "municipality", "postal_code")


def reference_lists_visible_to(user: RequestUser) -> QuerySet[m.ReferenceList]:
    return visible_to(user, m.ReferenceList).order_by("title")


@dataclass(frozen=True)
class Filter:
    param: str
    label: Message
    lookup: str
    choices: Callable[[], list[tuple[str, str]]]


@dataclass(frozen=True)
class Column:
    label: Message
    value: Callable[[Any], Any]
    sort: str = ""  # order_by expression; empty: not sortable
    numeric: bool = False


@dataclass(frozen=True)
class ListPage:
    slug: str
    model: type[Any]
    title: Message
    intro: Message
    reference_key: str
    search: tuple[str, ...]
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...] = ()
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    annotate: dict[str, Any] = field(default_factory=dict)
    import_key: str = ""
    export_key: str = ""

    @property
    def resource(self) -> str:
        return str(self.model._meta.label_lower)


def _choices(
    model: type[Any], value: str = "pk", label: str = ""
) -> Callable[[], list[tuple[str, str]]]:
    def build() -> list[tuple[str, str]]:
        return [
            (str(getattr(o, value)), str(getattr(o, label)) if label else str(o))
            for o in model._default_manager.all()
        ]

    return build


def _enum(choices: Any) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(str(v), str(lbl)) for v, lbl in choices.choices]


def _yes_no() -> list[tuple[str, str]]:
    return [("1", str(gettext_lazy("yes"))), ("0", str(gettext_lazy("no")))]


PROVINCE = Filter("province", gettext_lazy("Province"), "province", _choices(m.Province))

PAGES: dict[str, ListPage] = {
    p.slug: p
    for p in [
        ListPage(
            "gemeenten",
            m.Municipality,
            gettext_lazy("Municipalities"),
            gettext_lazy(
                "Every municipality of Flanders and Brussels (REFNIS 2025) with postcodes and coordinates."
            ),
            "municipalities",
            ("name_nl", "name_fr", "nis_code", "postal_codes__code"),
            (
                Column(gettext_lazy("Municipality"), lambda o: o.name_nl, "name_nl"),
                Column(gettext_lazy("NIS code"), lambda o: o.nis_code, "nis_code"),
                Column(gettext_lazy("Province"), lambda o: o.province.name_nl, "province__name_nl"),
                Column(
                    gettext_lazy("Coordinates"),
                    lambda o: (
                        str(gettext_lazy("yes"))
                        if o.latitude is not None
                        else str(gettext_lazy("missing"))
                    ),
                ),
            ),
            filters=(
                PROVINCE,
                Filter(
                    "coordinates",
                    gettext_lazy("With coordinates"),
                    "latitude__isnull",
                    lambda: [("0", str(gettext_lazy("yes"))), ("1", str(gettext_lazy("no")))],
                ),
            ),
            related=("province",),
            import_key="municipalities",
            export_key="municipalities",
        ),
        ListPage(
            "postcodes",
            m.PostalCode,
            gettext_lazy("Postcodes"),
            gettext_lazy("Postcodes and the municipalities they belong to."),
            "postal-codes",
            ("code", "locality", "municipality__name_nl"),
            (
                Column(gettext_lazy("Postcode"), lambda o: o.code, "code"),
                Column(gettext_lazy("Locality"), lambda o: o.locality, "locality"),
                Column(
                    gettext_lazy("Municipality"),
                    lambda o: o.municipality.name_nl,
                    "municipality__name_nl",
                ),
            ),
            filters=(
                Filter(
                    "province",
                    gettext_lazy("Province"),
                    "municipality__province",
                    _choices(m.Province),
                ),
            ),
            related=("municipality",),
        ),
        ListPage(
            "provincies",
            m.Province,
            gettext_lazy("Provinces"),
            gettext_lazy("The five Flemish provinces and the Brussels-Capital Region."),
            "provinces",
            ("name_nl", "name_en", "nis_code"),
            (
                Column(gettext_lazy("Province"), lambda o: o.name_nl, "name_nl"),
                Column(gettext_lazy("NIS code"), lambda o: o.nis_code, "nis_code"),
                Column(pgettext_lazy("Gewest", "Region"), lambda o: o.get_region_display()),
                Column(
                    gettext_lazy("Municipalities"),
                    lambda o: o.n_municipalities,
                    "n_municipalities",
                    True,
                ),
            ),
            annotate={"n_municipalities": Count("municipalities")},
        ),
        ListPage(
            "rtc-regios",
            m.RTCRegion,
            gettext_lazy("RTC regions"),
            gettext_lazy("The working area of each regional technology centre."),
            "rtc-regions",
            ("name", "code"),
            (
                Column(gettext_lazy("RTC"), lambda o: o.name, "name"),
                Column(
                    gettext_lazy("Provinces"),
                    lambda o: ", ".join(p.name_nl for p in o.provinces.all()),
                ),
            ),
            prefetch=("provinces",),
        ),
        ListPage(
            "onderwijsnetten",
            m.EducationNetwork,
            gettext_lazy("Education networks"),
            gettext_lazy("The education networks and umbrella organisations."),
            "education-networks",
            ("name", "short_name"),
            (
                Column(gettext_lazy("Network"), lambda o: o.short_name, "short_name"),
                Column(gettext_lazy("Full name"), lambda o: o.name, "name"),
                Column(gettext_lazy("Schools"), lambda o: o.n_orgs, "n_orgs", True),
            ),
            annotate={"n_orgs": Count("organisations")},
        ),
        ListPage(
            "studiedomeinen",
            m.StudyDomain,
            gettext_lazy("Study domains"),
            gettext_lazy("The eight study domains of secondary education."),
            "study-domains",
            ("name",),
            (
                Column(gettext_lazy("Study domain"), lambda o: o.name, "name"),
                Column(gettext_lazy("Programmes"), lambda o: o.n_programmes, "n_programmes", True),
            ),
            annotate={"n_programmes": Count("programmes")},
        ),
        ListPage(
            "opleidingen",
            m.Programme,
            gettext_lazy("Programmes"),
            gettext_lazy("Third-grade programmes with their professional qualifications."),
            "programmes",
            ("name", "code", "qualifications__name"),
            (
                Column(gettext_lazy("Programme"), lambda o: o.name, "name"),
                Column(gettext_lazy("Finality"), lambda o: o.get_finality_display(), "finality"),
                Column(
                    gettext_lazy("Study domain"),
                    lambda o: o.study_domain.name,
                    "study_domain__name",
                ),
                Column(
                    gettext_lazy("Dual"), lambda o: "duaal / dual" if o.is_dual else "–", "is_dual"
                ),
            ),
            filters=(
                Filter("finality", gettext_lazy("Finality"), "finality", _enum(m.Finality)),
                Filter(
                    "study_domain",
                    gettext_lazy("Study domain"),
                    "study_domain",
                    _choices(m.StudyDomain),
                ),
                Filter("dual", gettext_lazy("Dual"), "is_dual", _yes_no),
            ),
            related=("study_domain",),
            import_key="programmes",
            export_key="programmes",
        ),
        ListPage(
            "beroepskwalificaties",
            m.Qualification,
            gettext_lazy("Professional qualifications"),
            gettext_lazy(
                "Professional qualifications of the Flemish qualification structure with their competences."
            ),
            "qualifications",
            ("name", "code", "competences__description"),
            (
                Column(gettext_lazy("Qualification"), lambda o: o.name, "name"),
                Column(gettext_lazy("VKS level"), lambda o: o.level, "level", True),
                Column(
                    gettext_lazy("Competences"),
                    lambda o: o.n_competences,
                    "n_competences",
                    True,
                ),
            ),
            filters=(
                Filter(
                    "level",
                    gettext_lazy("VKS level"),
                    "level",
                    lambda: [(str(i), str(i)) for i in range(1, 9)],
                ),
            ),
            annotate={"n_competences": Count("competences")},
            import_key="qualifications",
            export_key="qualifications",
        ),
        ListPage(
            "sectoren",
            m.Sector,
            gettext_lazy("Sectors"),
            gettext_lazy(
                "The sectors with a sector covenant, their joint committees and sector funds."
            ),
            "sectors",
            ("name", "code", "joint_committees__number"),
            (
                Column(gettext_lazy("Sector"), lambda o: o.name, "name"),
                Column(
                    gettext_lazy("Joint committees"),
                    lambda o: ", ".join(f"PC {j.number}" for j in o.joint_committees.all()),
                ),
                Column(
                    gettext_lazy("Dual learning partnership"),
                    lambda o: str(gettext_lazy("yes")) if o.has_dual_partnership else "–",
                    "has_dual_partnership",
                ),
            ),
            filters=(
                Filter(
                    "dual",
                    gettext_lazy("Dual partnership"),
                    "has_dual_partnership",
                    _yes_no,
                ),
            ),
            prefetch=("joint_committees",),
        ),
        ListPage(
            "paritaire-comites",
            m.JointCommittee,
            gettext_lazy("Joint committees"),
            gettext_lazy("Joint committees and the sector they belong to in Brug."),
            "sectors",
            ("number", "name"),
            (
                Column(pgettext_lazy("Nummer", "Number"), lambda o: f"PC {o.number}", "number"),
                Column(gettext_lazy("Name"), lambda o: o.name, "name"),
                Column(
                    gettext_lazy("Sector"),
                    lambda o: o.sector.name if o.sector else "–",
                    "sector__name",
                ),
            ),
            filters=(Filter("sector", gettext_lazy("Sector"), "sector", _choices(m.Sector)),),
            related=("sector",),
        ),
        ListPage(
            "organisaties",
            m.Organisation,
            gettext_lazy("Organisations"),
            gettext_lazy("Schools, companies, sector funds, RTCs and other organisations."),
            "",
            ("name", "enterprise_number"),
            (
                Column(gettext_lazy("Name"), lambda o: o.name, "name"),
                Column(gettext_lazy("Kind"), lambda o: o.get_kind_display(), "kind"),
                Column(
                    gettext_lazy("Enterprise number"),
                    lambda o: _format_number(o.enterprise_number),
                    "enterprise_number",
                ),
            ),
            filters=(
                Filter("kind", gettext_lazy("Kind"), "kind", _enum(m.OrganisationKind)),
                Filter("sector", gettext_lazy("Sector"), "sectors", _choices(m.Sector)),
                Filter(
                    "network",
                    pgettext_lazy("Onderwijsnet", "Network"),
                    "network",
                    _choices(m.EducationNetwork),
                ),
                Filter(
                    "province",
                    gettext_lazy("Province"),
                    "sites__municipality__province",
                    _choices(m.Province),
                ),
            ),
            related=("network",),
            import_key="organisations",
            export_key="organisations",
        ),
    ]
}


def _format_number(number: str) -> str:
    from brug.registry.validators import format_enterprise_number

    return format_enterprise_number(number) if number else "–"


SORT_DIRECTIONS = {"": "", "-": "-"}


def page_rows(
    user: RequestUser, page: ListPage, params: dict[str, str]
) -> tuple[QuerySet[Any], dict[str, str]]:
    """The rows of a list page after search, filters and sorting, and the filters applied."""
    qs = visible_to(user, page.model)
    if page.related:
        qs = qs.select_related(*page.related)
    if page.prefetch:
        qs = qs.prefetch_related(*page.prefetch)
    query = params.get("q", "").strip()
    applied: dict[str, str] = {}
    conditions = Q()
    if query:
        search = Q()
        for f in page.search:
            search |= Q(**{f"{f}__icontains": query})
        conditions &= search
    for flt in page.filters:
        value = params.get(flt.param, "").strip()
        if not value or value not in {v for v, _ in flt.choices()}:
            continue
        applied[flt.param] = value
        if flt.lookup.endswith("__isnull") or flt.lookup.startswith("is_") or flt.param == "dual":
            conditions &= Q(**{flt.lookup: value == "1"})
        else:
            conditions &= Q(**{flt.lookup: value})
    if conditions.children:
        # Filters over to-many joins (postcodes, competences, sectors, sites) could repeat rows.
        qs = qs.filter(pk__in=page.model._default_manager.filter(conditions).values("pk"))
    if page.annotate:
        qs = qs.annotate(**page.annotate)
    sort = params.get("sort", "")
    sortable = {c.sort for c in page.columns if c.sort}
    if sort.lstrip("-") in sortable:
        qs = qs.order_by(sort, "pk")
    else:
        qs = qs.order_by(*page.model._meta.ordering, "pk")
    return qs, applied


def reference_list(key: str) -> m.ReferenceList | None:
    return m.ReferenceList.objects.filter(key=key).first()


def index_entries(user: RequestUser) -> list[dict[str, Any]]:
    refs = {r.key: r for r in m.ReferenceList.objects.all()}
    entries = []
    for page in PAGES.values():
        if not policy.can_any(user, "view", page.resource):
            continue
        ref = refs.get(page.reference_key)
        entries.append(
            {
                "page": page,
                "count": visible_to(user, page.model).count(),
                "partial": bool(ref and ref.is_partial),
            }
        )
    return entries
