"""data/datapackage.json: generated from the schema, valid for Frictionless, with its licence."""

import json
import shutil

from frictionless import Package

from dashboard.data import datapackage
from dashboard.data.schema import TABLES
from dashboard.paths import DATA_DIR, ROOT


def test_committed_package_is_the_generated_one():
    """Regenerate with `python -m dashboard.data.datapackage` after changing the schema."""
    assert (DATA_DIR / "datapackage.json").read_text(encoding="utf-8") == datapackage.text(DATA_DIR)


def test_package_lists_every_table_with_keys_foreign_keys_and_licence():
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    assert package["licenses"] == [datapackage.DATA_LICENCE]
    resources = {r["name"]: r for r in package["resources"]}
    visits = resources["visits"]["schema"]
    assert visits["primaryKey"] == ["visit_id"]
    assert visits["foreignKeys"] == [
        {"fields": ["iso3"], "reference": {"resource": "states", "fields": ["iso3"]}},
        {"fields": ["related_visit_id"], "reference": {"resource": "", "fields": ["visit_id"]}},
    ]
    kind = next(f for f in resources["sources"]["schema"]["fields"] if f["name"] == "kind")
    assert kind == {
        "name": "kind",
        "type": "string",
        "constraints": {
            "required": True,
            "enum": ["un-primary", "state-npm", "ngo", "news", "mirror"],
        },
    }
    assert resources["source_links"]["schema"]["primaryKey"] == [
        "record_type",
        "record_id",
        "source_id",
    ]
    end = next(f for f in resources["visits"]["schema"]["fields"] if f["name"] == "end_date")
    assert end == {"name": "end_date", "type": "date"}


def test_frictionless_validates_the_shipped_data():
    report = Package(str(DATA_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_finds_a_bad_vocabulary_value_and_a_dangling_foreign_key(tmp_path):
    data = shutil.copytree(DATA_DIR, tmp_path / "data")
    sources = data / "sources.csv"
    text = sources.read_text().replace(",news,Scoop (New Zealand),true\n", ",blog,Scoop,true\n", 1)
    sources.write_text(text)
    visits = data / "visits.csv"
    visits.write_text(visits.read_text().replace("SWE-2008-03,SWE,", "SWE-2008-03,SWZ,", 1))
    report = Package(str(data / "datapackage.json")).validate()
    errors = report.flatten(["type", "fieldName", "note"])
    assert not report.valid
    assert [
        "constraint-error",
        "kind",
        "constraint \"enum\" is \"['un-primary', 'state-npm', 'ngo', 'news', 'mirror']\"",
    ] in errors
    assert any(e[0] == "foreign-key" and "SWZ" in e[2] for e in errors)


def test_licence_files():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    data_licence = (DATA_DIR / "LICENSE").read_text()
    assert "Creative Commons Attribution 4.0" in data_licence
    assert datapackage.DATA_LICENCE["path"] in data_licence
