"""data/datapackage.json: the shipped data as a Frictionless Data Package, made from the schema.

Every table of sql/schema.sql becomes a tabular resource with its fields, types, required values,
closed vocabularies (enum), patterns, bounds, keys and foreign keys, all read from the DuckDB
catalog as the validator reads them, so the package cannot drift from the schema (a test compares
the committed file with what this module generates). Rules Frictionless cannot express (a visit
ends on or after it starts; a source link points at a record of the table its record_type names)
stay with our own validator, which runs first.

Regenerate after changing the schema or the licence: `python -m dashboard.data.datapackage`.
"""

import json
import re
import sys
from pathlib import Path

from dashboard.data.schema import TABLES, schema_catalog
from dashboard.paths import DATA_DIR

DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CODE_LICENCE = "MIT"

# DuckDB type → Table Schema type. A list column (VARCHAR[]) is a ';'-separated string.
TYPES = {"VARCHAR": "string", "DATE": "date", "INTEGER": "integer", "BOOLEAN": "boolean"}

DESCRIPTION = (
    "Visits of the UN Subcommittee on Prevention of Torture (SPT) to the States parties to OPCAT, "
    "the places they covered, their delegations, their reports and recommendations, each record "
    "linked to the public sources it rests on (sources.csv, source_links.csv) and carrying its "
    "confidence. An empty value is unknown, not zero or none. List values (themes, "
    "affected_persons) are separated by ';'. source_links.record_id is the key of a record in the "
    "table its record_type names (states, visits, reports or recommendations). The map files "
    "(world-map.json, map_country_codes.csv) are not part of this package: see README.md."
)
SOURCES = [
    {"title": "OHCHR: press releases and documents of the SPT", "path": "https://www.ohchr.org/"},
    {"title": "UN Official Document System", "path": "https://undocs.org/"},
    {"title": "APT OPCAT database", "path": "https://www.apt.ch/knowledge-hub/opcat"},
]


def _descriptions(data_dir: Path) -> dict[str, str]:
    """One row per table, from the table of files in data/README.md: `x.csv` → its description."""
    text = (data_dir / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)\.csv` \| (.+?) \| .+ \|$", text, flags=re.MULTILINE)
    return {table: re.sub(r"\s+", " ", d.replace("`", "")).strip() for table, d in rows}


def _checks(con, table: str) -> dict[str, list[str]]:
    """Column → the expressions of the CHECK constraints on that column alone."""
    found: dict[str, list[str]] = {}
    for cols, expression in con.execute(
        "SELECT constraint_column_names, expression FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type = 'CHECK' ORDER BY constraint_index",
        [table],
    ).fetchall():
        if len(set(cols)) == 1:
            found.setdefault(cols[0], []).append(expression)
    return found


def _constraints(data_type: str, nullable: bool, checks: list[str], unique: bool) -> dict:
    constraints: dict = {}
    if not nullable:
        constraints["required"] = True
    if unique:
        constraints["unique"] = True
    for expression in checks:
        if m := re.fullmatch(r"\(?\(?\"?\w+\"? IN \((.*)\)\)?\)?", expression):
            constraints["enum"] = re.findall(r"'((?:[^']|'')*)'", m.group(1))
        elif m := re.search(r"list_has_all\(list_value\((.*)\), \"?\w+\"?\)", expression):
            item = "(?:" + "|".join(re.findall(r"'((?:[^']|'')*)'", m.group(1))) + ")"
            constraints["pattern"] = rf"{item}(?:\s*;\s*{item})*"
        elif m := re.fullmatch(r"\(?regexp_full_match\(\"?\w+\"?, '(.*)'\)\)?", expression):
            constraints["pattern"] = m.group(1)
        elif m := re.fullmatch(r"\(?\(\"?\w+\"? (>=|>) (\d+)\)\)?", expression):
            constraints["minimum"] = int(m.group(2)) + (m.group(1) == ">")
    return constraints


def resource(con, table: str, description: str | None) -> dict:
    columns = con.execute(
        "SELECT column_name, data_type, is_nullable FROM duckdb_columns() "
        "WHERE table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    keys = con.execute(
        "SELECT constraint_type, constraint_column_names, referenced_table, "
        "referenced_column_names FROM duckdb_constraints() WHERE table_name = ? "
        "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') ORDER BY constraint_index",
        [table],
    ).fetchall()
    primary = next(list(cols) for kind, cols, _, _ in keys if kind == "PRIMARY KEY")
    unique = {cols[0] for kind, cols, _, _ in keys if kind == "UNIQUE" and len(cols) == 1}
    checks = _checks(con, table)
    fields = []
    for name, data_type, nullable in columns:
        field = {"name": name, "type": TYPES.get(data_type, "string")}
        constraints = _constraints(data_type, nullable, checks.get(name, []), name in unique)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema = {"fields": fields, "primaryKey": primary, "missingValues": [""]}
    foreign = [
        {
            "fields": list(cols),
            "reference": {"resource": "" if ref == table else ref, "fields": list(ref_cols)},
        }
        for kind, cols, ref, ref_cols in keys
        if kind == "FOREIGN KEY"
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": table,
        "path": f"{table}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **({"description": description} if description else {}),
        "licenses": [DATA_LICENCE],
        "schema": schema,
    }


def package(data_dir: Path) -> dict:
    """The Data Package descriptor of data/, as a dict."""
    con = schema_catalog()
    descriptions = _descriptions(data_dir)
    try:
        resources = [resource(con, table, descriptions.get(table)) for table in TABLES]
    finally:
        con.close()
    return {
        "profile": "tabular-data-package",
        "name": "opcat-dashboard-data",
        "title": "SPT visits, reports and recommendations under OPCAT",
        "description": DESCRIPTION,
        "licenses": [DATA_LICENCE],
        "sources": SOURCES,
        "resources": resources,
    }


def text(data_dir: Path) -> str:
    """datapackage.json of a data folder: its tables described from the schema and its README."""
    return json.dumps(package(Path(data_dir)), indent=2, ensure_ascii=False) + "\n"


def write(data_dir: Path) -> Path:
    path = Path(data_dir) / "datapackage.json"
    path.write_text(text(data_dir), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA_DIR)}")
