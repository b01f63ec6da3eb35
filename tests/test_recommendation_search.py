"""Ranked search over the recommendations: BM25 order, stemming, word families, quoted phrases,
accent folding, and search text that stays a bound parameter.

The rank-order cases run on hand-made recommendations written into a copy of the mini fixture
(each one checks one rule); the last tests run on the real data."""

import csv
from pathlib import Path

import duckdb
import pytest

from dashboard.data import search
from dashboard.data.build import build
from dashboard.data.recommendation_rows import OUR_COLUMNS
from dashboard.query import queries
from dashboard.query.filters import Filters
from tests import search_reference

# id, themes, place type, summary: written for the cases below.
HAND_MADE = [
    (
        "S01",
        "police-custody",
        "police",
        "Limit police custody to 48 hours and keep a custody register.",
    ),
    (
        "S02",
        "fundamental-safeguards",
        "general",
        "Tell every person in police hands of the right to a lawyer; custody records must "
        "be kept by the prosecutor.",
    ),
    ("S03", "material-conditions", "prison", "Improve food and water in the Tacumbú prison."),
    ("S04", "health-care", "prison", "Detainees must see a doctor within a day."),
    (
        "S05",
        "pretrial-detention-penal-policy",
        "general",
        "Reduce pretrial detention; people detained before trial should be released on bail.",
    ),
    (
        "S06",
        "npm-methodology",
        "general",
        "Federal and Länder ministries should answer the mechanism.",
    ),
    ("S07", "npm-independence", "general", "Give the mechanism its own budget."),
    (
        "S08",
        "npm-independence",
        "general",
        "Give the mechanism its own budget, its own staff, its own premises, its own legal "
        "personality and its own rules of procedure.",
    ),
    ("S09", "children", "juvenile", "Children must be held apart from adults."),
]


def search_data(tmp_path: Path, mini: Path) -> Path:
    """The mini fixture with the hand-made recommendations above (all on report CAT/OP/XAA/1)."""
    data = tmp_path / "data"
    data.mkdir()
    for f in mini.glob("*.csv"):
        (data / f.name).write_bytes(f.read_bytes())
    with (data / "recommendations.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(OUR_COLUMNS)
        for i, (rid, themes, place, summary) in enumerate(HAND_MADE, start=1):
            writer.writerow(
                [
                    rid,
                    "CAT/OP/XAA/1",
                    i,
                    "",
                    "state",
                    themes,
                    place,
                    "",
                    summary,
                    "medium",
                    "",
                    "",
                    "",
                ]
            )
    # The mini data links R002 to a source; these rows have other ids.
    links = (data / "source_links.csv").read_text().splitlines()
    (data / "source_links.csv").write_text(
        "\n".join(line for line in links if not line.startswith("recommendation,")) + "\n"
    )
    return data


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    from tests.conftest import MINI_DATA

    tmp = tmp_path_factory.mktemp("search")
    path = build(search_data(tmp, MINI_DATA), tmp / "search.duckdb")
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


def ranked(con, text: str) -> list[str]:
    frame = queries.run(con, "recommendations", Filters(search=text))
    return frame["recommendation_id"].to_list()


def test_police_custody_ranks_the_police_custody_row_first(hand_db):
    # S01 has both words twice over (summary and theme); S02 has both, once each, far apart.
    assert ranked(hand_db, "police custody") == ["S01", "S02"]


def test_a_quoted_phrase_needs_its_words_side_by_side(hand_db):
    assert ranked(hand_db, '"police custody"') == ["S01"]
    assert ranked(hand_db, '"custody police"') == []


def test_every_word_must_match(hand_db):
    assert ranked(hand_db, "police bail") == []


def test_stemming_and_word_families(hand_db):
    # detention, detainees, detained: one family. S05 holds two of its words, S04 one.
    assert ranked(hand_db, "detention") == ["S05", "S04"]
    assert ranked(hand_db, "detainee") == ["S05", "S04"]
    assert ranked(hand_db, "child") == ["S09"]
    assert ranked(hand_db, "ministry") == ["S06"]


def test_accents_are_folded_both_ways(hand_db):
    assert ranked(hand_db, "Tacumbu") == ["S03"]
    assert ranked(hand_db, "TACUMBÚ") == ["S03"]
    assert ranked(hand_db, "lander") == ["S06"]


def test_shorter_document_ranks_first_for_the_same_words(hand_db):
    # S07 and S08 both say "mechanism ... budget"; S08 is much longer (BM25 length norm).
    assert ranked(hand_db, "mechanism budget") == ["S07", "S08"]


def test_rarer_word_weighs_more(hand_db):
    # "mechanism" is in S06, S07, S08; "premises" only in S08: S08 comes first.
    assert ranked(hand_db, "mechanism premises") == ["S08"]
    assert ranked(hand_db, "mechanism")[:1] != ["S08"]
    frame = queries.run(hand_db, "recommendations", Filters(search="ministries"))
    frame_common = queries.run(hand_db, "recommendations", Filters(search="mechanism"))
    assert frame["score"][0] > frame_common["score"].max()


def test_score_is_the_textbook_bm25(hand_db):
    stats = hand_db.sql("SELECT count(*), avg(length) FROM search_documents").fetchall()[0]
    documents, average = stats
    length = hand_db.sql(
        "SELECT length FROM search_documents WHERE recommendation_id = 'S07'"
    ).fetchall()[0][0]
    frame = queries.run(hand_db, "recommendations", Filters(search="budget"))
    score = dict(zip(frame["recommendation_id"], frame["score"], strict=True))["S07"]
    # "budget" appears once in S07 and in 2 of the 9 documents.
    assert score == pytest.approx(search_reference.bm25(1, 2, documents, length, average))
    assert documents == 9


def test_search_combines_with_the_facets(hand_db):
    filters = Filters(search="mechanism", theme=("npm-independence",))
    frame = queries.run(hand_db, "recommendations", filters)
    assert sorted(frame["recommendation_id"]) == ["S07", "S08"]
    assert frame["matches"].to_list() == [2, 2]


@pytest.mark.parametrize(
    "text",
    ["'; DROP TABLE recommendations; --", '" OR 1=1 --', "$search", "%", "\\", "NULL"],
)
def test_hostile_search_text_is_only_text(hand_db, text):
    filters, warnings = Filters.parse({"search": text})
    frame = queries.run(hand_db, "recommendations", filters)
    if filters.search:  # searched as words: none of these words is in the data
        assert frame.height == 0 and not warnings
    else:  # no word in it: ignored with a warning, every row shown
        assert frame.height == 9 and "no word to search for" in warnings[0]
    assert hand_db.sql("SELECT count(*) FROM recommendations").fetchall()[0][0] == 9


def test_parse_query():
    assert search.parse_query('the "police custody" of Detainees') == [
        ["polic", "custodi"],
        ["detain"],
    ]
    assert search.parse_query('"right to a lawyer') == [["right", "to", "a", "lawyer"]]
    assert search.parse_query("of the and") == []
    assert search.parse_query("police police") == [["polic"]]
    assert len(search.parse_query(" ".join(f"word{i}" for i in range(40)))) == search.MAX_TERMS
    assert search.fold("Länder Ñandú ŁÓDŹ Straße") == "lander nandu lodz strasse"


def test_filters_parse_the_search_text():
    filters, warnings = Filters.parse({"search": "  police\x00  custody "})
    assert filters.search == "police custody" and not warnings
    filters, warnings = Filters.parse({"search": "x" * 201})
    assert filters.search is None and "at most 200" in warnings[0]
    filters, warnings = Filters.parse({"search": ["police", "custody"]})
    assert filters.search is None and "one search expected" in warnings[0]
    assert Filters(search="police").to_query() == {"search": "police"}


# --- The real data -----------------------------------------------------------------------------


def test_police_custody_on_the_real_data(con):
    ids = ranked(con, "police custody")
    themed = {
        r[0]
        for r in con.sql(
            "SELECT recommendation_id FROM recommendations "
            "WHERE list_contains(themes, 'police-custody')"
        ).fetchall()
    }
    assert themed and set(ids[: len(themed)]) == themed
    assert ids[0] == "R015"


def test_detention_finds_detainees_on_the_real_data(con):
    frame = queries.run(con, "recommendations", Filters(search="detention"))
    assert frame.filter(frame["summary"].str.contains("detainees")).height >= 3
