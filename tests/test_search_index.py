"""The search index built in SQL (dashboard/data/search.py) is exactly the one the Python reference
builds (tests/search_reference.py): the same postings, terms and document lengths, row for row,
on the real data and on text that folding, splitting and stemming could get wrong."""

import random

import duckdb
import pytest

from dashboard.data import search
from dashboard.paths import SQL_DIR
from tests.search_reference import build_reference_index, differences

# Text where cutting a field at ASCII spaces before folding could change its terms.
HOSTILE = [
    "Länder Ñandú ŁÓDŹ Straße ẞ Æsir Œuvre Ørsted đ ı İstanbul",
    "a \u0301b \u0301 \u0301\u0301 e\u0301 \u0327c",  # combining marks after spaces, alone
    "OPCAT's OPCAT’s l´état l`état ``quoted'' 'lead trail' ＇fullwidth＇ ʼmodifier",
    "non\u00a0breaking\u2003em\u3000ideographic\u2009thin\u202fnarrow\u1680ogham\u205fmath",
    "tab\tnew\nline\r\ncarriage\rreturn \x0bvt\x0cff   many    spaces  ",
    "ﬁnal ﬂow ＡＢＣ１２３ x² H₂O ¼ Ⅻ ǅ ℌ ㎏ ℡",
    "20th 1990s 2019 007 00000001 3.5 1,000 CAT/OP/KAZ/1 SYN-00000010/report",
    "Detainees women People children detention detained persons men",
    "(synthetic recommendation 20, SYNTHETIC) «quoted» „German“ —dash– …",
    "Кириллица Ελληνικά 中文 العربية 😀 \U0001f3f3\ufe0f\u200d\U0001f308",
    "",
    "   ",
    "\u0301",
]


@pytest.fixture
def index_con():
    """An in-memory database with the schema and room for recommendations."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute((SQL_DIR / "schema.sql").read_text())
    yield con
    con.close()


def add_documents(con, documents) -> None:
    """documents: (summary, affected_persons, State name, report symbol); one State, visit and
    report each, so that every field of the index holds the hostile text."""
    for i, (summary, persons, name, symbol) in enumerate(documents):
        iso3 = "X" + chr(65 + i // 26 % 26) + chr(65 + i % 26)
        con.execute(
            "INSERT INTO states (iso3, name, un_regional_group, opcat_ratification_approx, "
            "npm_designated, confidence) VALUES (?, ?, 'African', '2006', false, 'low')",
            [iso3, name],
        )
        con.execute(
            "INSERT INTO visits (visit_id, iso3, date_precision, approx_date, visit_type, "
            "status, confidence) VALUES (?, ?, 'year', '2010', 'regular', 'completed', 'low')",
            [f"V{i}", iso3],
        )
        con.execute(
            "INSERT INTO reports (report_id, report_symbol, visit_id, publication_status, "
            "confidence) VALUES (?, ?, ?, 'published', 'low')",
            [f"R{i}", symbol, f"V{i}"],
        )
        con.execute(
            "INSERT INTO recommendations (recommendation_id, report_id, addressee, themes, "
            "place_type, affected_persons, summary, confidence) "
            "VALUES (?, ?, 'state', ['police-custody', 'health-care'], 'pretrial-detention', "
            "?, ?, 'low')",
            [f"REC{i:04}", f"R{i}", persons, summary],
        )


def assert_same_index(con) -> None:
    search.build_index(con)
    build_reference_index(con)
    assert differences(con) == {}


def test_hostile_text_is_indexed_as_the_reference_does(index_con):
    documents = [(text, None, "State", None) for text in HOSTILE]
    documents += [("x", [text, "", None], text or "State", text or None) for text in HOSTILE]
    add_documents(index_con, documents)
    assert_same_index(index_con)
    # The hostile text did reach the index: the ASCII forms of its words are terms.
    found = {t for (t,) in index_con.execute("SELECT term FROM search_postings").fetchall()}
    assert {"lander", "strass", "opcat", "final", "abc123", "detain", "non", "math"} <= found


def test_random_text_is_indexed_as_the_reference_does(index_con):
    rng = random.Random(13)
    alphabet = "aeiouAEIOUbcdstyY0123456789'`´’ \t\n.,;:-/()\u0301\u0308\u00a0\u2003äßÉæﬁ²İı"
    words = ["detainee", "women", "OPCAT's", "police", "custody", "running", "flies", "the"]

    def text():
        parts = [rng.choice(words) if rng.random() < 0.3 else rng.choice(alphabet)]
        for _ in range(rng.randrange(40)):
            parts.append(rng.choice(words) if rng.random() < 0.1 else rng.choice(alphabet))
        return "".join(parts)

    add_documents(
        index_con,
        [
            (text(), [text() for _ in range(rng.randrange(3))] or None, text(), text())
            for _ in range(300)
        ],
    )
    assert_same_index(index_con)


def test_the_real_index_is_the_reference_one(db_path):
    con = duckdb.connect()
    con.execute("ATTACH ? AS src (READ_ONLY)", [str(db_path)])
    for table in ("recommendations", "reports", "visits", "states"):
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM src.{table}")
    build_reference_index(con)
    assert differences(con, schema="src.") == {}
    assert con.execute("SELECT count(*) FROM src.search_postings").fetchall()[0][0] > 1000
    con.close()


def test_a_number_is_its_own_term_as_the_stemmer_says():
    stem = search._stemmer().stemWord
    numbers = [str(n) for n in range(0, 100_000, 7)] + ["0", "00", "000", "0000000001", "2019"]
    assert [search.term(n) for n in numbers] == [stem(n) for n in numbers] == numbers
