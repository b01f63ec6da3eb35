"""The search index as dashboard/data/search.py built it before it tokenised in SQL: every field of
every recommendation through search._terms in Python, positions counted in a Python loop. Kept as
the reference the SQL build must match exactly (tests/test_search_index.py)."""

import math
from functools import cache

import duckdb
import polars as pl

from dashboard.data import search

FIELDS = """
    SELECT
        r.recommendation_id,
        list_concat(
            [r.summary],
            list_transform(r.themes, lambda t: replace(t, '-', ' ')),
            [replace(r.place_type, '-', ' ')],
            coalesce(r.affected_persons, []),
            [s.name, rep.report_symbol]
        ) AS fields
    FROM recommendations AS r
    JOIN reports AS rep USING (report_id)
    JOIN visits AS v USING (visit_id)
    JOIN states AS s USING (iso3)
    ORDER BY r.recommendation_id
"""


@cache
def term(word: str) -> str:
    """The term of a word as the stemmer gives it (search.term takes a short cut for numbers)."""
    stem = search._stemmer().stemWord(word)
    return search._families().get(stem, stem)


def terms(text: str) -> tuple[str, ...]:
    return tuple(term(w) for w in search.words(text))


def postings(documents: pl.DataFrame) -> pl.DataFrame:
    docs, positions, out_terms = [], [], []
    for doc, fields in enumerate(documents["fields"], start=1):
        position = 0
        for field in fields:
            field_terms = terms(field or "")
            out_terms.extend(field_terms)
            positions.extend(range(position, position + len(field_terms)))
            docs.extend([doc] * len(field_terms))
            position += len(field_terms) + search.FIELD_GAP
    return pl.DataFrame(
        {"doc": docs, "position": positions, "term": out_terms},
        schema={"doc": pl.Int32, "position": pl.Int32, "term": pl.String},
    )


def build_reference_index(con: duckdb.DuckDBPyConnection, prefix: str = "ref_") -> None:
    """The three search tables, named prefix + their name, built the old way."""
    documents = con.sql(FIELDS).pl()
    con.register("_postings", postings(documents))
    con.register("_documents", documents.select("recommendation_id").with_row_index("doc", 1))
    con.execute(
        f"CREATE TABLE {prefix}search_postings AS "
        "SELECT * FROM _postings ORDER BY term, doc, position"
    )
    con.execute(
        f"""
        CREATE TABLE {prefix}search_terms AS
        WITH frequencies AS (
            SELECT term, count(DISTINCT doc) AS df FROM {prefix}search_postings GROUP BY term
        )
        SELECT term, df, ln(1 + ($n - df + 0.5) / (df + 0.5)) * ($k1 + 1) AS weight
        FROM frequencies ORDER BY term
        """,
        {"n": documents.height, "k1": search.K1},
    )
    con.execute(
        f"""
        CREATE TABLE {prefix}search_documents AS
        WITH lengths AS (
            SELECT d.doc, d.recommendation_id, count(p.term) AS length
            FROM _documents AS d
            LEFT JOIN {prefix}search_postings AS p USING (doc)
            GROUP BY ALL
        )
        SELECT CAST(doc AS INTEGER) AS doc, recommendation_id, length,
               $k1 * (1 - $b + $b * length / nullif(avg(length) OVER (), 0)) AS norm
        FROM lengths ORDER BY doc
        """,
        {"k1": search.K1, "b": search.B},
    )
    con.unregister("_postings")
    con.unregister("_documents")


def differences(con: duckdb.DuckDBPyConnection, schema: str = "", prefix: str = "ref_") -> dict:
    """For each search table, what differs between it (in schema, e.g. "src.") and the reference
    (column names and types, then the rows in table order); empty when they are identical."""
    out = {}
    for table in ("search_postings", "search_terms", "search_documents"):
        ours, ref = f"{schema}{table}", f"{prefix}{table}"
        described = [con.execute(f"DESCRIBE {t}").fetchall() for t in (ours, ref)]
        if described[0] != described[1]:
            out[table] = described
            continue
        rows = [con.execute(f"SELECT * FROM {t}").fetchall() for t in (ours, ref)]
        if rows[0] != rows[1]:
            first = next(
                (i for i, (a, b) in enumerate(zip(*rows, strict=False)) if a != b),
                min(map(len, rows)),
            )
            out[table] = [len(rows[0]), len(rows[1]), *(r[first : first + 3] for r in rows)]
    return out


def bm25(tf: int, df: int, documents: int, length: int, average_length: float) -> float:
    """One term's BM25 score in one document, written out as in the textbook: the reference the
    SQL ranking (dashboard/data/search.py) is checked against."""
    idf = math.log(1 + (documents - df + 0.5) / (df + 0.5))
    return (
        idf
        * tf
        * (search.K1 + 1)
        / (tf + search.K1 * (1 - search.B + search.B * length / average_length))
    )
