"""The rule the lists of visits follow, written out for the tests: the filtered visits with, as
rows of their own, their suspended parts (status 'suspended', related_visit_id = the visit that
resumed them). A suspended part is shown, never counted: counted_visit_id is the counted visit it
belongs to. The product reads the same rows from visit_list (listed_visits in sql/views/);
this is the plain statement of what they must be."""

import duckdb

from dashboard.query.filters import Filters

WITH_PARTS = """
WITH counted AS (
    SELECT * FROM filtered_visits($filters)
)
SELECT counted.*, counted.visit_id AS counted_visit_id FROM counted
UNION ALL BY NAME
SELECT part.*, part.related_visit_id AS counted_visit_id
FROM visit_facts AS part
JOIN counted ON counted.visit_id = part.related_visit_id
WHERE part.status = 'suspended'
"""


def visits_with_parts(
    con: duckdb.DuckDBPyConnection, columns: str, filters: Filters | None = None, rest: str = ""
) -> list[tuple]:
    """SELECT columns FROM the visits with their parts, then `rest` (WHERE, ORDER BY)."""
    sql = f"SELECT {columns} FROM ({WITH_PARTS}) {rest}"
    return con.sql(sql, params={"filters": (filters or Filters()).sql()}).fetchall()
