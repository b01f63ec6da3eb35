"""Synthetic data in the real schema, for measuring the dashboard at scale.

    python benchmarks/synthetic.py FOLDER --visits 100000

``generate(folder, visits, seed=0)`` writes a complete data folder: every CSV file of data/ with the
same header, 96 States (the codes, names and regions of the real States parties, so that the map
draws them) and per visit about 3 places, 4 delegation members, 1 report and 2 report events, a
recommendation on a few reports, one source per visit and per State. Every record is marked as
made up: its notes say SYNTHETIC, its confidence is low, its ids start SYN-, every source's URL is
https://example.org/synthetic/… and its publisher "SYNTHETIC". The folder must not be data/: the
shipped data is real and never mixed with invented rows.

The rows are made by DuckDB from ``range()`` and written with COPY (no Python loop over rows): 1M
visits (about 750 MB of CSV) take about 40 s on 2 busy cores. The same seed gives the same files.
"""

import argparse
import shutil
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.data.schema import TABLES, vocabulary  # noqa: E402
from dashboard.paths import DATA_DIR  # noqa: E402
from dashboard.query.filters import PLACE_TYPES, THEMES  # noqa: E402

# Reference files that are not records (the map's code table, the UHRI mapping): copied as they are.
REFERENCE_FILES = ("map_country_codes.csv", "uhri_mapping.csv")
MARK = "SYNTHETIC"
FIRST_YEAR, YEARS = 2008, 17  # visits from 2008 to 2024, report events until 2026


def _list(values) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _queries(visits: int, seed: int) -> dict[str, str]:
    """One SELECT per table, its columns in the schema's order."""
    # h(i, k): a deterministic pseudo-random number in [0, 2^31) for row i and stream k.
    h = f"(hash(i * 16 + {{k}} + {seed} * 1000003) % 2147483647)::BIGINT"
    facility = _list(vocabulary("visit_places", "facility_type"))
    visit_types = _list(["regular"] * 6 + ["follow-up", "npm-advisory", "opcat-advisory", "other"])
    themes, places = _list(THEMES), _list(PLACE_TYPES)
    return {
        "states": f"""
            SELECT iso3, name, un_regional_group,
                NULL::DATE AS opcat_signature_date,
                DATE '2004-01-01' + CAST(row_number() OVER (ORDER BY iso3) * 37 AS INTEGER)
                    AS opcat_ratification_date,
                NULL AS opcat_ratification_approx,
                row_number() OVER (ORDER BY iso3) % 5 <> 0 AS npm_designated,
                CASE WHEN row_number() OVER (ORDER BY iso3) % 5 <> 0 THEN 2012 END
                    AS npm_designation_year,
                CASE WHEN row_number() OVER (ORDER BY iso3) % 5 <> 0
                    THEN 'Synthetic NPM of ' || iso3 END AS npm_body,
                CASE WHEN row_number() OVER (ORDER BY iso3) % 5 <> 0 THEN 'ombudsman' END
                    AS npm_type,
                row_number() OVER (ORDER BY iso3) % 7 = 0 AS on_art17_overdue_list,
                'low' AS confidence, '{MARK}' AS notes
            FROM real_states ORDER BY iso3""",
        "visits": f"""
            SELECT visit_id, iso3,
                CASE WHEN precision = 'day' THEN start END AS start_date,
                CASE WHEN precision = 'day' OR i % 40 = 3 THEN start + length_days END AS end_date,
                precision AS date_precision,
                CASE precision WHEN 'month' THEN strftime(start, '%Y-%m')
                               WHEN 'year' THEN strftime(start, '%Y') END AS approx_date,
                {visit_types}[1 + {h.format(k=1)} % 10] AS visit_type,
                status,
                CASE WHEN status = 'suspended' THEN 'SYN-' || lpad((i + 1)::VARCHAR, 8, '0') END
                    AS related_visit_id,
                'low' AS confidence, '{MARK}' AS notes
            FROM visit_rows""",
        "visit_places": f"""
            SELECT visit_id, {facility}[1 + (first + o.step) % 9] AS facility_type
            FROM visit_rows,
                 unnest([0, 1 + i % 3, 4 + i % 4, 8][1:places]) AS o(step)
            ORDER BY i, o.step""",
        "delegation_members": """
            SELECT visit_id, 'Synthetic Member ' || ((i * 7 + k * 131) % 1000)::VARCHAR AS name,
                CASE WHEN k < 3 THEN nationality END AS nationality,
                CASE WHEN k = 0 THEN 'head' ELSE 'member' END AS role
            FROM visit_rows, range(4) AS m(k)
            ORDER BY i, k""",
        "reports": f"""
            SELECT report_id,
                CASE WHEN publication = 'published' THEN 'SYN/OP/' || visit_id END AS report_symbol,
                visit_id, CASE WHEN i % 10 <> 9 THEN 'state' END AS addressee,
                publication AS publication_status,
                CASE WHEN publication = 'published' THEN 40 + i % 200 END AS paragraphs_total,
                CASE WHEN publication = 'published' THEN 10 + i % 90 END AS recommendations_total,
                'low' AS confidence, '{MARK}' AS notes
            FROM report_rows""",
        "report_events": """
            SELECT report_id, event, event_date FROM (
                SELECT i, 1 AS n, report_id, 'transmitted' AS event, finish + 60 AS event_date
                FROM report_rows
                UNION ALL
                SELECT i, 2, report_id,
                    CASE WHEN publication = 'published' THEN 'published'
                         ELSE 'publication-requested' END,
                    finish + 120 + CAST(i % 280 AS INTEGER)
                FROM report_rows
            ) ORDER BY i, n""",
        "recommendations": f"""
            SELECT 'SYN-R' || lpad((i * 2 + k)::VARCHAR, 8, '0') AS recommendation_id, report_id,
                (5 + (i + k) % 120)::VARCHAR AS paragraph, NULL AS sub_item,
                CASE WHEN k = 1 AND i % 3 = 0 THEN 'npm' ELSE 'state' END AS addressee,
                array_to_string(list_distinct([{themes}[1 + {h.format(k=5)} % 16],
                    {themes}[1 + {h.format(k=6)} % 16]]), ';') AS themes,
                {places}[1 + {h.format(k=7)} % 10] AS place_type,
                CASE WHEN k = 0 THEN 'persons deprived of liberty' END AS affected_persons,
                'Ensure that every detainee has access to a lawyer and a doctor '
                    || '(synthetic recommendation ' || (i * 2 + k)::VARCHAR || ', {MARK})'
                    AS summary,
                'low' AS confidence, NULL AS section, NULL AS unmapped_themes,
                NULL AS unmapped_persons
            FROM report_rows, range(2) AS r(k)
            WHERE publication = 'published' AND i % 10 = 0
            ORDER BY i, k""",
        "sources": f"""
            SELECT source_id, url, url AS read_url, kind, '{MARK}' AS publisher,
                true AS url_checked FROM (
                SELECT 0 AS g, i, 'SYN-S-' || iso3 AS source_id,
                    'https://example.org/synthetic/state/' || iso3 AS url, 'un-primary' AS kind
                FROM (SELECT row_number() OVER (ORDER BY iso3) AS i, iso3 FROM real_states)
                UNION ALL
                SELECT 1, i, 'SYN-S' || lpad(i::VARCHAR, 8, '0'),
                    'https://example.org/synthetic/visit/' || visit_id,
                    ['un-primary', 'un-primary', 'state-npm', 'ngo', 'news'][1 + i % 5]
                FROM visit_rows
            ) ORDER BY g, i""",
        "source_links": """
            SELECT record_type, record_id, source_id FROM (
                SELECT 0 AS g, 0 AS i, 'state' AS record_type, iso3 AS record_id,
                    'SYN-S-' || iso3 AS source_id
                FROM real_states
                UNION ALL
                SELECT 1, i, 'visit', visit_id, 'SYN-S' || lpad(i::VARCHAR, 8, '0')
                FROM visit_rows
                UNION ALL
                SELECT 2, i, 'report', report_id, 'SYN-S' || lpad(i::VARCHAR, 8, '0')
                FROM report_rows
            ) ORDER BY g, i, record_id""",
    }


def generate(folder: Path, visits: int, seed: int = 0) -> Path:
    """Write a synthetic data folder of `visits` visits into folder (created); return folder."""
    folder = Path(folder).resolve()
    if folder == DATA_DIR.resolve() or DATA_DIR.resolve() in folder.parents:
        raise ValueError("synthetic data is never written into data/")
    folder.mkdir(parents=True, exist_ok=True)
    for name in REFERENCE_FILES:
        shutil.copyfile(DATA_DIR / name, folder / name)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = true")
    con.execute(
        "CREATE TEMP TABLE real_states AS SELECT iso3, name, un_regional_group "
        "FROM read_csv(?, all_varchar = true)",
        [str(DATA_DIR / "states.csv")],
    )
    h = f"(hash(i * 16 + {{k}} + {seed} * 1000003) % 2147483647)::BIGINT"
    con.execute(f"""
        CREATE TEMP TABLE visit_rows AS
        SELECT i, 'SYN-' || lpad(i::VARCHAR, 8, '0') AS visit_id, s.iso3, s.name AS nationality,
            DATE '{FIRST_YEAR}-01-01' + CAST({h.format(k=0)} % ({YEARS} * 365 - 30) AS INTEGER)
                AS start,
            CAST(2 + i % 10 AS INTEGER) AS length_days,
            CASE WHEN i % 25 = 1 THEN 'month' WHEN i % 100 = 2 THEN 'year' ELSE 'day' END
                AS precision,
            CASE WHEN i % 100 = 7 AND i < {int(visits)} THEN 'suspended'
                 WHEN i % 50 = 5 THEN 'planned'
                 WHEN i % 200 = 9 THEN 'terminated' ELSE 'completed' END AS status,
            CAST({h.format(k=2)} % 9 AS INTEGER) AS first,
            CASE WHEN i % 20 = 0 THEN 0 ELSE 2 + CAST({h.format(k=3)} % 3 AS INTEGER) END
                AS places
        FROM range(1, {int(visits)} + 1) AS r(i)
        JOIN (SELECT row_number() OVER (ORDER BY iso3) - 1 AS n, iso3, name FROM real_states) AS s
            ON s.n = {h.format(k=4)} % (SELECT count(*) FROM real_states)
        ORDER BY i""")
    # One report per visit that took place; its status and the end of the visit it follows.
    con.execute("""
        CREATE TEMP TABLE report_rows AS
        SELECT i, visit_id || '/report' AS report_id, visit_id,
            coalesce(start + length_days, start + 30) AS finish,
            CASE WHEN i % 10 < 5 THEN 'published' WHEN i % 10 < 8 THEN 'not-published'
                 ELSE 'unknown' END AS publication
        FROM visit_rows WHERE status IN ('completed', 'terminated')
        ORDER BY i""")
    for table, select in _queries(visits, seed).items():
        assert table in TABLES
        con.execute(f"COPY ({select}) TO '{folder / (table + '.csv')}' (HEADER, DELIMITER ',')")
    con.close()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write (not data/)")
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(generate(args.folder, args.visits, args.seed))


if __name__ == "__main__":
    main()
