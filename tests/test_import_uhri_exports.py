"""`import-recommendations` on exports shaped like the UHRI site's own XLSX and CSV files (headers
"OHCHR Annotation Id", "Reccomending Body" [sic], "Document Symbol"...; multi-value cells one value
a line with "- "; Excel serial dates; the section heading and paragraph number glued to the front
of the text), with themes and affected groups data/uhri_mapping.csv does not know: the file is
imported, those values are kept raw, counted and listed; --strict refuses it.

The records are made up for these tests ("[Fixture text]"): they check the reading rules, not any
report's content."""

import shutil
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from click.testing import CliRunner

from dashboard.cli import cli
from dashboard.data import uhri_export
from dashboard.paths import DATA_DIR

HEADER = [
    "OHCHR Annotation Id",
    "Annotation Type",
    "Reccomending Body",
    "Document Symbol",
    "Text",
    "Countries Concerned",
    "Themes",
    "Affected Persons",
    "Document Publication Date",
]
# (row as the export writes it); the sheet's row numbers are 2..6.
ROWS = [
    [
        "10000000-0000-4000-8000-000000000001",
        "- Recommendations",
        "- SPT",
        "CAT/OP/KAZ/1",
        "Legal safeguards 71.The Subcommittee recommends [Fixture text] that a lawyer be present.",
        "- Kazakhstan",
        "- Administration of justice & fair trial\n- National Preventive Mechanism",
        "- Persons deprived of their liberty\n- Persons with disabilities",
        43503,
    ],
    [
        "10000000-0000-4000-8000-000000000002",
        "- Recommendations",
        "- SPT",
        " cat/op/kaz/1/Add.1 ",
        "72. The Subcommittee recommends [Fixture text] a medical examination on arrival.",
        "- Kazakhstan",
        "- Right to health",
        "- Children",
        43503,
    ],
    [
        "10000000-0000-4000-8000-000000000003",
        "- Recommendations",
        "- SPT",
        "CAT/OP/KAZ/1",
        "National preventive mechanism 80.The Subcommittee recommends [Fixture text] a budget.",
        "- Kazakhstan",
        "- National Preventive Mechanism",
        "",
        43503,
    ],
    [
        "10000000-0000-4000-8000-000000000004",
        "- Recommendations",
        "- SPT",
        "CAT/OP/ZZZ/1",
        "5. The Subcommittee recommends [Fixture text] anything.",
        "",
        "- Right to health",
        "",
        44000,
    ],
    [
        "10000000-0000-4000-8000-000000000005",
        "- Recommendations",
        "- CRC",
        "CRC/C/KAZ/CO/5",
        "12. [Fixture text]",
        "- Kazakhstan",
        "- Children: protection against exploitation",
        "- Children",
        43503,
    ],
]
ADDED = ["UHRI-10000000-0000-4000-8000-000000000001", "UHRI-10000000-0000-4000-8000-000000000002"]
WARNINGS = [
    "warning: 2 UHRI values not in data/uhri_mapping.csv, kept as UHRI wrote them (records): "
    "AffectedPersons 'Persons with disabilities' (1); Themes 'National Preventive Mechanism' (2)",
    "warning: 1 symbols match no report in reports.csv (records): CAT/OP/ZZZ/1 (1)",
]


def write_xlsx(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Recommendations")
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(ROWS, start=1):
        for j, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(i, j, value)  # a serial number, as the export writes dates
            else:
                sheet.write_string(i, j, value)
    book.close()
    return path


def write_csv(path: Path) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows([HEADER, *ROWS])
    return path


@pytest.fixture
def data(tmp_path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def run(*args):
    return CliRunner().invoke(cli, ["import-recommendations", *map(str, args)])


# The line each record starts on: the sheet's row, or in the CSV file the line (the first record's
# two-value cells take three lines).
@pytest.mark.parametrize(
    ("write", "name", "kind", "lines"),
    [
        (write_xlsx, "export.xlsx", "UHRI XLSX", [2, 3, 4, 5]),
        (write_csv, "export.csv", "UHRI CSV", [2, 5, 6, 7]),
    ],
    ids=["xlsx", "csv"],
)
def test_an_export_with_unmapped_values_imports_with_a_warning(write, name, kind, lines, data):
    export = write(data.parent / name)
    result = run(export, "--data", data)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{name}:{lines[0]}: Symbol: matches report CAT/OP/KAZ/1; adds {ADDED[0]}",
        f"{name}:{lines[1]}: Symbol: matches report CAT/OP/KAZ/1; adds {ADDED[1]}",
        f"{name}:{lines[2]}: Themes: no theme of ours: its themes 'National Preventive Mechanism' "
        "are not in data/uhri_mapping.csv",
        f"{name}:{lines[3]}: Symbol: unmatched symbol 'CAT/OP/ZZZ/1': no such report in "
        "reports.csv",
        *WARNINGS,
        f"{name} ({kind}): 2 to add, 0 already on record, 1 unmatched symbols, "
        "1 with no theme of ours, 1 not from the SPT, 0 problems",
    ]


def test_strict_refuses_the_file_and_writes_nothing(data, tmp_path):
    export = write_xlsx(tmp_path / "export.xlsx")
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    result = run(export, "--data", data, "--db", tmp_path / "db.duckdb", "--apply", "--strict")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:4] == [
        "export.xlsx:2: AffectedPersons: unknown value 'Persons with disabilities': add a line "
        "for it to data/uhri_mapping.csv",
        "export.xlsx:2: Themes: unknown value 'National Preventive Mechanism': add a line for it "
        "to data/uhri_mapping.csv",
        "export.xlsx:4: Themes: unknown value 'National Preventive Mechanism': add a line for it "
        "to data/uhri_mapping.csv",
        "3 problem(s); nothing was written.",
    ]
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
    assert not (tmp_path / "db.duckdb").exists()


def test_apply_keeps_raw_values_heading_and_paragraph_and_the_data_page_lists_them(data, tmp_path):
    export = write_xlsx(tmp_path / "export.xlsx")
    db = tmp_path / "db.duckdb"
    result = run(export, "--data", data, "--db", db, "--apply")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "added 2 recommendations and rebuilt the database"
    con = duckdb.connect(str(db), read_only=True)
    rows = con.sql(
        "SELECT recommendation_id, report_id, paragraph, section, themes, unmapped_themes, "
        "affected_persons, unmapped_persons, left(summary, 34) FROM recommendations "
        "WHERE recommendation_id LIKE 'UHRI-1%' ORDER BY 1"
    ).fetchall()
    assert rows == [
        (ADDED[0], "CAT/OP/KAZ/1", "71", "Legal safeguards", ["fundamental-safeguards"],
         ["National Preventive Mechanism"], ["persons deprived of liberty"],
         ["Persons with disabilities"], "The Subcommittee recommends [Fixtu"),
        (ADDED[1], "CAT/OP/KAZ/1", "72", None, ["health-care"], None, ["children"], None,
         "The Subcommittee recommends [Fixtu"),
    ]  # fmt: skip
    from dashboard.query import queries

    listed = queries.run(con, "uhri_unmapped").rows()
    con.close()
    assert listed == [
        ("AffectedPersons", "Persons with disabilities", 1),
        ("Themes", "National Preventive Mechanism", 1),
    ]
    again = run(export, "--data", data, "--db", db, "--apply")
    assert again.exit_code == 0 and again.output.splitlines()[-1] == "nothing to change"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Legal safeguards 71.The Subcommittee", ("Legal safeguards", "71", "The Subcommittee")),
        ("71. The Subcommittee", ("", "71", "The Subcommittee")),
        ("Article 17 obligations 12.The State", ("Article 17 obligations", "12", "The State")),
        ("Mécanisme national 15. Le Sous-Comité", ("Mécanisme national", "15", "Le Sous-Comité")),
        ("Within 6 months. The State", ("", "", "Within 6 months. The State")),
        ("The Subcommittee recommends", ("", "", "The Subcommittee recommends")),
    ],
)
def test_heading_and_paragraph_are_taken_from_the_front_of_the_text(text, expected):
    assert uhri_export.split_text(text) == expected


def test_excel_serial_numbers_and_date_cells_are_dates():
    assert uhri_export.export_date("43503") == "2019-02-07"
    assert uhri_export.export_date("43503.0") == "2019-02-07"
    assert uhri_export.export_date("2019-02-07 00:00:00") == "2019-02-07"
    assert uhri_export.export_date("") is None
    with pytest.raises(ValueError, match="neither a date nor an Excel serial number"):
        uhri_export.export_date("next spring")


def test_symbols_match_without_case_spaces_or_reply_suffixes():
    from dashboard.data.recommendation_rows import symbol_key

    assert {
        symbol_key(s)
        for s in ["CAT/OP/KAZ/1", " cat/op/kaz/1 ", "CAT/OP/KAZ/1/Add.1", "CAT/OP/KAZ/1/R.1"]
    } == {"CAT/OP/KAZ/1"}
    assert symbol_key("CAT/OP/KAZ/2") != symbol_key("CAT/OP/KAZ/1")
