"""The schema as the code reads it: the tables in load order, the closed vocabularies of
sql/schema.sql (each CHECK constraint is the one place a vocabulary is written) and the typed
expressions that turn a text column into its schema type.
"""

import re
from functools import cache

import duckdb

from dashboard.paths import SQL_DIR

# Tables in load order (referenced tables first). Each is loaded from data/<table>.csv.
TABLES = (
    "states",
    "visits",
    "visit_places",
    "delegation_members",
    "reports",
    "report_events",
    "recommendations",
    "sources",
    "source_links",
)


# source_links points at records of several tables, which a foreign key cannot express.
SOURCE_LINK_TARGETS = {
    "state": ("states", "iso3"),
    "visit": ("visits", "visit_id"),
    "report": ("reports", "report_id"),
    "recommendation": ("recommendations", "recommendation_id"),
}


LIST_SEPARATOR = ";"


def schema_catalog() -> duckdb.DuckDBPyConnection:
    """An in-memory database holding only the schema, to read the rules from."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute((SQL_DIR / "schema.sql").read_text())
    return con


@cache
def vocabulary(table: str, column: str) -> tuple[str, ...]:
    """The closed vocabulary of a column, as its CHECK constraint in sql/schema.sql spells it."""
    con = schema_catalog()
    for (expression,) in con.execute(
        "SELECT expression FROM duckdb_constraints() WHERE constraint_type = 'CHECK' "
        "AND table_name = ? AND constraint_column_names = [?]",
        [table, column],
    ).fetchall():
        allowed = allowed_values(expression)
        if allowed:
            return tuple(allowed)
    raise KeyError(f"{table}.{column} has no closed vocabulary")


def quote_identifier(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def typed_expression(column: str, data_type: str) -> str:
    col = quote_identifier(column)
    if data_type.endswith("[]"):
        return f"list_transform(string_split({col}, '{LIST_SEPARATOR}'), lambda x: trim(x))"
    if data_type == "VARCHAR":
        return col
    return f"TRY_CAST({col} AS {data_type})"


def typed_select(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The select list that turns the text columns of a staged table into table's columns, each
    in its schema type and under its name (con holds the schema)."""
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return ", ".join(f"{typed_expression(n, t)}::{t} AS {quote_identifier(n)}" for n, t in columns)


def allowed_values(expression: str) -> list[str] | None:
    """The closed vocabulary of a CHECK written as `col IN (...)` or `list_has_all([...], col)`."""
    m = re.fullmatch(r"\(?\(?\"?\w+\"? IN \((.*)\)\)?\)?", expression) or re.search(
        r"list_has_all\(list_value\((.*)\), \"?\w+\"?\)", expression
    )
    return re.findall(r"'((?:[^']|'')*)'", m.group(1)) if m else None
