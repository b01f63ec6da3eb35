"""Ranked full-text search over the recommendations: BM25 in SQL over a token table.

At build time every recommendation becomes a list of terms (`search_postings`: document number,
position, term), with each term's inverse document frequency (`search_terms`) and each
document's recommendation id and length normalisation (`search_documents`) computed once. At
query time the search text becomes a list of phrases, each a list of terms (a bare word is a
phrase of one term); the `search_scores` macro in sql/views/ keeps the recommendations that
contain every phrase, in order, and sums BM25 over the query's terms. The text goes in as a bound
list parameter, never as SQL.

Terms are folded to lower-case ASCII (`Länder` is `lander`), split on anything that is not a
letter or digit, and reduced by the Snowball English stemmer (`detainees` → `detaine`). Stemming
is inflectional: `detention` and `detainee` stay apart, so a short, reviewable list of word
families maps the stems of one family to one term (`detention`, `detainee`, `detained` →
`detain`). That list is for morphology only, not synonyms.
"""

import re
import unicodedata
from functools import cache, lru_cache

import duckdb
import pyarrow as pa
import snowballstemmer

# BM25 parameters (the usual defaults, as in Lucene and SQLite FTS5).
K1 = 1.2
B = 0.75
MAX_TERMS = 16  # terms one search may hold (the text comes from a URL: bound it)
MAX_LENGTH = 200  # characters of search text kept
FIELD_GAP = 10  # positions between indexed fields, so that no phrase spans two fields

# Words of one family, whose stems the stemmer leaves apart; each maps to the first word's stem.
WORD_FAMILIES = (
    ("detain", "detained", "detainee", "detainees", "detention", "detentions"),
    ("child", "children"),
    ("woman", "women"),
    ("person", "persons", "people"),
    ("man", "men"),
)

# Words too common to narrow a search. Dropped from bare words, kept inside quoted phrases.
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "who",
        "will",
        "with",
    }
)

# Letters that Unicode decomposition does not reduce to ASCII.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
_WORD = re.compile(r"[a-z0-9]+")
_QUOTES = re.compile(r"[\"“”„«»]")
_APOSTROPHES = re.compile(r"['’`´]")


def fold(text: str) -> str:
    """Lower case without accents: 'Länder Ñandú' → 'lander nandu'. Letters with no ASCII form
    are dropped (the index keeps only ASCII letters and digits)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return decomposed.encode("ascii", "ignore").decode("ascii")


@cache
def _stemmer():
    return snowballstemmer.stemmer("english")


@cache
def _families() -> dict[str, str]:
    stem = _stemmer().stemWord
    return {stem(word): stem(words[0]) for words in WORD_FAMILIES for word in words}


@cache
def term(word: str) -> str:
    """The index term of one folded word: its stem, or its family's stem."""
    if word.isdigit():  # every suffix the stemmer removes has letters: a number is its own term
        return word  # (and the stemmer, in Python, is slow: a million visits hold 300,000 numbers)
    stem = _stemmer().stemWord(word)
    return _families().get(stem, stem)


def words(text: str) -> list[str]:
    """The folded words of a text, in order ("OPCAT's" is one word)."""
    return _WORD.findall(_APOSTROPHES.sub("", fold(text)))


@lru_cache(maxsize=100_000)  # theme, place, persons, State and symbol fields repeat a lot
def _terms(text: str) -> tuple[str, ...]:
    return tuple(term(w) for w in words(text))


def terms(text: str) -> list[str]:
    """The index terms of a text, in order, stopwords included (phrases need their positions)."""
    return list(_terms(text))


def parse_query(text: str | None) -> list[list[str]]:
    """Search text → phrases of terms. Quoted parts ("police custody") are phrases; every other
    word is a phrase of one term, stopwords left out. Every phrase must match. An unclosed quote
    runs to the end of the text. Repeated phrases are kept once; at most MAX_TERMS terms."""
    if not text:
        return []
    parts = _QUOTES.split(text[:MAX_LENGTH])
    phrases: list[list[str]] = []
    for i, part in enumerate(parts):
        if i % 2:  # inside quotes
            candidates = [terms(part)]
        else:
            candidates = [[term(w)] for w in words(part) if w not in STOPWORDS]
        for phrase in candidates:
            if phrase and phrase not in phrases:
                phrases.append(phrase)
    kept, count = [], 0
    for phrase in phrases:
        if count + len(phrase) > MAX_TERMS:
            break
        kept.append(phrase)
        count += len(phrase)
    return kept


# --- The index, built with the database ----------------------------------------------------------

# The text indexed for each recommendation, one field each (no phrase spans two): its summary,
# each theme and the place type in words, each affected group, the State's name and the report
# symbol. doc numbers the recommendations in order (integers hash and join faster than text ids).
DOCUMENT_FIELDS = """
    SELECT
        CAST(row_number() OVER (ORDER BY r.recommendation_id) AS INTEGER) AS doc,
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
"""

# Each field cut at ASCII white space into chunks, numbered in order. Folding, splitting into
# words and stemming never cross such a space, so the terms of a field are those of its chunks in
# turn: Python computes the terms of each distinct chunk once (_terms), and SQL does the rest.
# (Two unnests in one select list run side by side: an item and its number.)
CHUNKS = r"""
    WITH fields AS (
        SELECT doc, unnest(fields) AS field, unnest(range(1, len(fields) + 1)) AS field_no
        FROM _search_documents
    ),
    split AS (
        SELECT doc, field_no, string_split_regex(field, '[ \t\n\v\f\r]+') AS chunks FROM fields
    )
    SELECT doc, field_no, unnest(chunks) AS chunk, unnest(range(1, len(chunks) + 1)) AS chunk_no
    FROM split
"""

# A term's position: the terms before it in its document, plus FIELD_GAP for each field before
# its own (an empty field too), so that no phrase spans two fields.
POSTINGS = """
    WITH placed AS (
        SELECT c.doc, t.terms,
            sum(len(t.terms)) OVER (
                PARTITION BY c.doc ORDER BY c.field_no, c.chunk_no ROWS UNBOUNDED PRECEDING)
            - len(t.terms) + (c.field_no - 1) * $gap AS start
        FROM _search_chunks AS c
        JOIN _chunk_terms AS t USING (chunk)
        WHERE len(t.terms) > 0
    )
    SELECT
        doc,
        CAST(start + unnest(range(len(terms))) AS INTEGER) AS position,
        unnest(terms) AS term
    FROM placed
    ORDER BY term, doc, position
"""


def build_index(con: duckdb.DuckDBPyConnection) -> None:
    """Create the search tables from the recommendations table (in the database being built)."""
    con.execute(f"CREATE TEMP TABLE _search_documents AS {DOCUMENT_FIELDS}")
    con.execute(f"CREATE TEMP TABLE _search_chunks AS {CHUNKS}")
    chunks = [c for (c,) in con.execute("SELECT DISTINCT chunk FROM _search_chunks").fetchall()]
    chunk_terms = pa.table(
        {"chunk": chunks, "terms": [list(_terms(c)) for c in chunks]},
        schema=pa.schema({"chunk": pa.string(), "terms": pa.list_(pa.string())}),
    )
    del chunks
    con.register("_chunk_terms", chunk_terms)
    # Sorted by term: a search reads only the blocks holding its terms.
    con.execute(f"CREATE TABLE search_postings AS {POSTINGS}", {"gap": FIELD_GAP})
    con.unregister("_chunk_terms")
    con.execute("DROP TABLE _search_chunks")
    ((documents,),) = con.execute("SELECT count(*) FROM _search_documents").fetchall()
    con.execute(
        """
        CREATE TABLE search_terms AS
        WITH frequencies AS (
            SELECT term, count(DISTINCT doc) AS df FROM search_postings GROUP BY term
        )
        SELECT term, df, ln(1 + ($n - df + 0.5) / (df + 0.5)) * ($k1 + 1) AS weight
        FROM frequencies ORDER BY term
        """,
        {"n": documents, "k1": K1},
    )
    # Each document's length normalisation, K1 * (1 - B + B * length / average length).
    con.execute(
        """
        CREATE TABLE search_documents AS
        WITH lengths AS (
            SELECT d.doc, d.recommendation_id, count(p.term) AS length
            FROM _search_documents AS d
            LEFT JOIN search_postings AS p USING (doc)
            GROUP BY ALL
        )
        SELECT doc, recommendation_id, length,
               $k1 * (1 - $b + $b * length / nullif(avg(length) OVER (), 0)) AS norm
        FROM lengths ORDER BY doc
        """,
        {"k1": K1, "b": B},
    )
    con.execute("DROP TABLE _search_documents")
