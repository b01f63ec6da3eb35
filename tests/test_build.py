"""`opcat-dashboard build`: validation messages, atomic replacement, the real data."""

import datetime as dt

import pytest

from dashboard.data.build import build
from dashboard.data.validate import ValidationError, validate


def replace_line(path, line_number, old, new):
    lines = path.read_text().splitlines(keepends=True)
    assert old in lines[line_number - 1], lines[line_number - 1]
    lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
    path.write_text("".join(lines))


def messages(data_dir):
    return [str(p) for p in validate(data_dir)]


def test_mini_fixture_is_valid(mini_copy):
    assert messages(mini_copy) == []


def test_impossible_date_names_file_line_and_column(mini_copy):
    replace_line(mini_copy / "visits.csv", 4, "2016-03-01", "2016-02-30")
    assert messages(mini_copy) == [
        "visits.csv:4: start_date: '2016-02-30' is not a real date in the form YYYY-MM-DD"
    ]


def test_badly_formed_date(mini_copy):
    replace_line(mini_copy / "report_events.csv", 3, "2011-05-20", "20/05/2011")
    assert messages(mini_copy) == [
        "report_events.csv:3: event_date: '20/05/2011' is not a real date in the form YYYY-MM-DD"
    ]


def test_end_before_start(mini_copy):
    replace_line(mini_copy / "visits.csv", 2, "2010-05-20", "2010-05-01")
    (problem,) = messages(mini_copy)
    assert problem.startswith(
        "visits.csv:2: end_date, start_date: breaks the rule (end_date >= start_date)"
    )
    assert "end_date=2010-05-01" in problem and "start_date=2010-05-10" in problem


def test_unknown_vocabulary_value(mini_copy):
    replace_line(mini_copy / "visit_places.csv", 3, "police", "police-station")
    assert messages(mini_copy) == [
        "visit_places.csv:3: facility_type: unknown value 'police-station'; expected one of: "
        "prison, pretrial-detention, police, immigration-detention, psychiatric, juvenile, "
        "social-care, military, other"
    ]


def test_unknown_theme_in_a_list(mini_copy):
    replace_line(mini_copy / "recommendations.csv", 2, "legal-framework", "legal-stuff")
    (problem,) = messages(mini_copy)
    assert problem.startswith("recommendations.csv:2: themes: unknown value")
    assert "legal-stuff" in problem


def test_unknown_state_code(mini_copy):
    replace_line(mini_copy / "visits.csv", 5, "XBB-2012-09,XBB", "XBB-2012-09,XZZ")
    assert messages(mini_copy) == [
        "visits.csv:5: iso3: unknown State code 'XZZ': not in states.csv"
    ]


def test_duplicate_key(mini_copy):
    with open(mini_copy / "visit_places.csv", "a") as f:
        f.write("XAA-2010-05,prison\n")
    assert messages(mini_copy) == [
        "visit_places.csv:9: visit_id, facility_type: duplicate key 'XAA-2010-05, prison', "
        "first used on line 2"
    ]


def test_dangling_references(mini_copy):
    replace_line(mini_copy / "reports.csv", 3, "XAA-2014,state", "XAA-2015,state")
    replace_line(mini_copy / "source_links.csv", 4, "XBB-2013-02", "XBB-1999-01")
    assert messages(mini_copy) == [
        "reports.csv:3: visit_id: unknown visit_id 'XAA-2015': not in visits.csv",
        "source_links.csv:4: record_id: unknown visit 'XBB-1999-01': not in visits.csv",
    ]


def test_wrong_column_set(mini_copy):
    replace_line(mini_copy / "delegation_members.csv", 1, "nationality", "country")
    (problem,) = messages(mini_copy)
    assert problem.startswith(
        "delegation_members.csv:1: -: wrong columns: missing nationality; unexpected country"
    )


def test_bad_encoding_names_the_line(mini_copy):
    path = mini_copy / "delegation_members.csv"
    path.write_bytes(path.read_bytes().replace(b"Cleo", b"Cl\xe9o"))
    assert messages(mini_copy) == [
        "delegation_members.csv:4: -: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    ]


def test_missing_value_and_row_length(mini_copy):
    replace_line(mini_copy / "states.csv", 3, "African", "")
    with open(mini_copy / "sources.csv", "a") as f:
        f.write("S0003,https://example.org/a,extra\n")
    assert messages(mini_copy) == [
        "states.csv:3: un_regional_group: a value is required",
        "sources.csv:4: -: has 3 fields, the header has 6",
    ]


def test_all_problems_reported_in_one_run(mini_copy):
    replace_line(mini_copy / "visits.csv", 4, "2016-03-01", "2016-02-30")
    replace_line(mini_copy / "visits.csv", 8, "regular,planned", "regular,postponed")
    replace_line(mini_copy / "visit_places.csv", 3, "police", "jail")
    assert [m.split(": ")[0] for m in messages(mini_copy)] == [
        "visits.csv:4",
        "visits.csv:8",
        "visit_places.csv:3",
    ]


def test_failed_build_leaves_database_byte_identical(mini_copy, tmp_path):
    db = tmp_path / "opcat.duckdb"
    build(mini_copy, db)
    before = db.read_bytes()
    replace_line(mini_copy / "visits.csv", 4, "2016-03-01", "2016-02-30")
    with pytest.raises(ValidationError) as caught:
        build(mini_copy, db)
    assert "visits.csv:4:" in str(caught.value)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "opcat.duckdb"]


def test_real_data_builds_clean(con):
    counts = dict(
        con.sql(
            "SELECT 'states', count(*) FROM states UNION ALL SELECT 'visits', count(*) FROM visits "
            "UNION ALL SELECT 'recommendations', count(*) FROM recommendations"
        ).fetchall()
    )
    assert counts == {"states": 96, "visits": 119, "recommendations": 59}


def test_every_visit_has_a_source(con):
    unsourced = con.sql(
        "SELECT visit_id FROM visits WHERE visit_id NOT IN "
        "(SELECT record_id FROM record_sources WHERE record_type = 'visit')"
    ).fetchall()
    assert unsourced == []


def test_seed_visit_kazakhstan_2023(con):
    visit = con.sql(
        "SELECT start_date, end_date, visit_type, status FROM visits WHERE visit_id = 'KAZ-2023-03'"
    ).fetchall()[0]
    assert visit == (dt.date(2023, 3, 26), dt.date(2023, 4, 1), "regular", "completed")
    members = con.sql(
        "SELECT name, nationality, role FROM delegation_members "
        "WHERE visit_id = 'KAZ-2023-03' ORDER BY role, name"
    ).fetchall()
    assert members == [
        ("Jakub Julian Czepek", "Poland", "head"),
        ("Anica Tomsic", "Croatia", "member"),
        ("Nika Kvaratskhelia", "Georgia", "member"),
        ("Zdenka Perović", "Montenegro", "member"),
    ]
    places = con.sql(
        "SELECT facility_type FROM visit_places WHERE visit_id = 'KAZ-2023-03' ORDER BY 1"
    ).fetchall()
    assert places == [("police",), ("pretrial-detention",), ("prison",)]


def test_unknown_dates_stay_unknown(con):
    bolivia_2010 = con.sql(
        "SELECT start_date, end_date, date_precision, approx_date FROM visits "
        "WHERE visit_id = 'BOL-2010'"
    ).fetchall()[0]
    assert bolivia_2010 == (None, None, "year", "2010")


def test_build_is_memory_capped_and_spills_beside_the_new_file(mini_copy, tmp_path, monkeypatch):
    """A million visits do not fit the cap: what DuckDB spills goes beside the new database file,
    where the next build removes it if this one is killed (tests/test_sigkill.py)."""
    from dashboard.data import search

    seen = []
    real_index = search.build_index

    def index_and_look(con):
        # fetchall, not fetchone: DuckDB 2 refuses further work on a connection whose result
        # is not read to the end, and the index is built on this very connection.
        seen.extend(
            con.execute(
                "SELECT current_setting('memory_limit'), current_setting('temp_directory'), path "
                "FROM duckdb_databases() WHERE NOT internal"
            ).fetchall()
        )
        real_index(con)

    monkeypatch.setattr(search, "build_index", index_and_look)
    db = tmp_path / "db" / "opcat.duckdb"
    build(mini_copy, db)
    ((limit, spill, new_file),) = seen
    assert limit == "953.6 MiB"  # validate.MEMORY_LIMIT, 1GB
    assert new_file.startswith(f"{db}.") and new_file.endswith(".tmp")
    assert spill == new_file + ".tmp"
    assert [p.name for p in db.parent.iterdir()] == ["opcat.duckdb"]
