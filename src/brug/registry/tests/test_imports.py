"""CSV/XLSX import and export: atomic, line-numbered errors, dry run, round trip, CLI."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from brug.registry import models as m
from brug.registry.importers import export_list, import_list
from brug.registry.tests import factories as f

ORGS_BAD = (
    "kind;name;enterprise_number;nis_code;postal_code\n"
    "company;Goed NV;0403.170.701;44021;9000\n"  # line 2
    "company;Fout NV;0403.170.799;44021;9000\n"  # line 3: check digits wrong
    "company;Ook goed BV;;44021;\n"  # line 4
    "company;Nergens BV;;99999;\n"  # line 5: unknown NIS code
)


@pytest.fixture
def gent(db):  # type: ignore[no-untyped-def]
    mun = f.MunicipalityFactory(nis_code="44021", name_nl="Gent", latitude=51.05, longitude=3.71667)
    f.PostalCodeFactory(code="9000", locality="Gent", municipality=mun)
    return mun


@pytest.mark.django_db
def test_malformed_rows_report_file_line_field_and_write_nothing(admin_user, gent) -> None:  # type: ignore[no-untyped-def]
    before = (m.Organisation.objects.count(), m.Site.objects.count())
    result = import_list(
        "organisations",
        user=admin_user,
        filename="orgs.csv",
        content=ORGS_BAD.encode(),
        dry_run=False,
    )
    assert not result["ok"]
    where = [(e["file"], e["line"], e["field"]) for e in result["errors"]]
    assert where == [("orgs.csv", 3, "enterprise_number"), ("orgs.csv", 5, "municipality")]
    assert (m.Organisation.objects.count(), m.Site.objects.count()) == before


@pytest.mark.django_db
def test_dry_run_counts_and_writes_nothing(admin_user, gent) -> None:  # type: ignore[no-untyped-def]
    good = "\n".join(line for i, line in enumerate(ORGS_BAD.splitlines()) if i not in (2, 4)) + "\n"
    before = m.Organisation.objects.count()
    result = import_list(
        "organisations", user=admin_user, filename="orgs.csv", content=good.encode(), dry_run=True
    )
    assert result["ok"] and result["dry_run"] and result["created"] == 2
    assert m.Organisation.objects.count() == before
    result = import_list(
        "organisations", user=admin_user, filename="orgs.csv", content=good.encode(), dry_run=False
    )
    assert result["created"] == 2
    goed = m.Organisation.objects.get(enterprise_number="0403170701")
    assert goed.sites.get().municipality == gent
    again = import_list(
        "organisations", user=admin_user, filename="orgs.csv", content=good.encode(), dry_run=False
    )
    assert (again["created"], again["unchanged"]) == (0, 2)


@pytest.mark.django_db
def test_qualifications_xlsx_round_trip(admin_user) -> None:  # type: ignore[no-untyped-def]
    q = f.QualificationFactory(code="bk-a", name="Lasser", level=3)
    f.CompetenceFactory(qualification=q, code="C1", description="Last veilig", order=1)
    f.CompetenceFactory(qualification=q, code="C2", description="Leest plannen", order=2)
    content = export_list("qualifications", admin_user, "q.xlsx")
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Naam", "Niveau") and len(rows) == 3
    result = import_list(
        "qualifications", user=admin_user, filename="q.xlsx", content=content, dry_run=False
    )
    assert result["ok"] and (result["created"], result["updated"], result["unchanged"]) == (0, 0, 2)
    m.Qualification.objects.all().delete()
    result = import_list(
        "qualifications", user=admin_user, filename="q.xlsx", content=content, dry_run=False
    )
    assert result["created"] == 2
    assert list(
        m.Qualification.objects.get(code="bk-a").competences.values_list("code", flat=True)
    ) == ["C1", "C2"]


@pytest.mark.django_db
def test_programmes_csv_round_trip(reference, admin_user) -> None:  # type: ignore[no-untyped-def]
    content = export_list("programmes", admin_user, "p.csv")
    result = import_list(
        "programmes", user=admin_user, filename="p.csv", content=content, dry_run=False
    )
    assert result["ok"] and result["unchanged"] == m.Programme.objects.count()


@pytest.mark.django_db
def test_import_needs_the_import_permission() -> None:
    from brug.accounts.tests.factories import user_with_role
    from brug.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        import_list(
            "qualifications",
            user=user_with_role("teacher"),
            filename="q.csv",
            content=b"code;name;level\n",
            dry_run=True,
        )


@pytest.mark.django_db
def test_cli_prints_every_error_and_exits_non_zero(
    admin_user, gent, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "orgs.csv"
    path.write_text(ORGS_BAD, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_registry", "organisations", str(path), verbosity=0)
    assert caught.value.returncode == 1
    err = capsys.readouterr().err
    assert "orgs.csv:3 [enterprise_number]" in err and "orgs.csv:5 [municipality]" in err
    assert not m.Organisation.objects.filter(name="Goed NV").exists()


@pytest.mark.django_db
def test_cli_dry_run_and_export(admin_user, gent, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "orgs.csv"
    path.write_text("kind;name\ncompany;Een\ncompany;Twee\n", encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_registry", "organisations", str(path), "--dry-run", verbosity=0, stdout=out
    )
    assert "dry run" in out.getvalue() and "2 created" in out.getvalue()
    assert not m.Organisation.objects.filter(name="Een").exists()
    target = tmp_path / "munis.xlsx"
    call_command("export_registry", "municipalities", str(target), stdout=io.StringIO())
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "44021"
    header_nl = rows[0]
    call_command(
        "export_registry", "municipalities", str(target), "--language", "en", stdout=io.StringIO()
    )
    header_en = next(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert header_nl != header_en  # Dutch by default, English when asked


# --- Headers in the reader's language; the import reads both languages and the old keys ----


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "first_headers"),
    [
        ("nl", ["Soort", "Naam", "Ondernemingsnummer"]),
        ("en", ["Kind", "Name", "Enterprise number"]),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_in_either_language_imports_again_unchanged(
    admin_user, gent, language: str, first_headers: list[str], fmt: str
) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    f.OrganisationFactory(kind="company", name="Goed NV", enterprise_number="0403170701")
    with translation.override(language):
        content = export_list("organisations", admin_user, f"orgs.{fmt}")
    if fmt == "csv":
        header = content.decode("utf-8-sig").splitlines()[0].split(";")
    else:
        header = list(
            next(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
        )
    assert header[:3] == first_headers
    assert not {"enterprise_number", "rtc_region", "postal_code"} & set(header)  # no raw keys
    before = m.Organisation.objects.count()
    with translation.override("en" if language == "nl" else "nl"):  # read by the other language
        result = import_list(
            "organisations", user=admin_user, filename=f"orgs.{fmt}", content=content, dry_run=True
        )
    assert result["ok"], result["errors"]
    assert result["rows"] == before and result["created"] == 0


@pytest.mark.django_db
def test_old_keys_and_headers_in_any_case_are_read(admin_user, gent) -> None:  # type: ignore[no-untyped-def]
    for header in ("kind;name;nis_code", "SOORT; naam ;NIS-code", "Kind;Name;NIS code"):
        content = f"{header}\ncompany;Een BV;44021\n".encode()
        result = import_list(
            "organisations", user=admin_user, filename="o.csv", content=content, dry_run=True
        )
        assert result["ok"] and result["created"] == 1, (header, result["errors"])


@pytest.mark.django_db
def test_a_missing_column_is_named_in_the_readers_language(admin_user, gent) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    with translation.override("nl"):
        result = import_list(
            "organisations", user=admin_user, filename="o.csv", content=b"naam\nEen\n", dry_run=True
        )
    assert not result["ok"]
    assert "Soort" in result["errors"][0]["message"]["nl"]


def test_every_header_spelling_names_one_column_only() -> None:
    from brug.core.tabular import _normal
    from brug.registry.importers import LISTS

    for spec in LISTS.values():
        seen: dict[str, str] = {}
        for column in spec.importer.columns:
            assert column.label is not None, column.name
            spellings = {column.name, *(column.label.resolve(x) for x in ("nl", "en"))}
            for spelling in {_normal(s) for s in spellings}:
                assert seen.setdefault(spelling, column.name) == column.name, (spec.key, spelling)
