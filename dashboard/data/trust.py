"""Which sources a reader can trust, as rules the build enforces (validate.stage calls `check`).

1. No source on a content farm, a scraper or a forum: such a site copies releases and documents
   without saying where from, and may change or invent them. Its copy is replaced by a primary or
   reputable source, or dropped where it only repeats one (data/CHANGES.md, 2026-12-07).
2. A `high` record rests on a primary source: at least one of its sources is a UN document or
   page, or a State's or NPM's own (data/README.md, Confidence). News reprints, NGOs and mirrors
   make a record `medium` at most.

The checks read the staged tables that validate.stage leaves (stg_<table>, text, NULL for empty).
"""

from dashboard.data.datafiles import Problem

# Hosts never accepted as a source (a host or any of its subdomains), each with what it is.
CONTENT_FARMS = {
    "645012.skal.fun": "a scraper (copies of UN documents without their origin)",
    "auspol.co": "a content farm (rewritten wire copy)",
    "breakinglatest.news": "a content farm (machine-translated rewrites)",
    "cloud.naghlani.ir": "a scraper",
    "daily8.com": "a content farm (aggregated wire copy)",
    "democraticunderground.com": "a forum (a user's repost)",
    "deshwale.com": "a content farm",
    "docsbay.net": "a document scraper",
    "exbulletin.com": "a content farm (aggregated news)",
    "fdocuments.net": "a document scraper",
    "ionglobaltrends.com": "a content farm",
    "judicialquest.com": "a content farm",
    "ksaplayers.com": "a content farm (unrelated site reposting news)",
    "letemps.news": "a scraper (not the newspaper Le Temps)",
    "lugardafinancas.com": "a content farm",
    "newsaboutturkey.com": "an aggregator (reposted news)",
    "pakistannewsgazette.com": "an aggregator (reposted news)",
    "pdfslide.tips": "a document scraper",
    "prudentpressagency.com": "an aggregator (reposted news)",
    "romano-lil.blogspot.com": "a blog reposting releases",
    "thegazellenews.com": "a content farm",
}

# Kinds of source (sources.kind) that make a record `high`: the publisher's own word.
PRIMARY_KINDS = ("un-primary", "state-npm")


# The host of a URL column in SQL: lower case, without "www." or a trailing dot. A source is on a
# listed host when its host is that host or one of its subdomains.
_HOST = (
    r"regexp_replace(lower(regexp_extract({col}, '^[A-Za-z]+://(?:[^@/]*@)?([^/?#:]+)', 1)),"
    r" '^www\.|\.$', '', 'g')"
)


def check(con, loaded: list[str], records: dict[str, tuple[str, str]]) -> list[Problem]:
    """Sources on a content-farm host, and `high` records without a primary source; records maps
    a record_type of source_links to its table and key."""
    found = []
    if "sources" in loaded:
        # The canonical url is checked where it is not the copy read itself.
        for column, where in (("read_url", "true"), ("url", "url IS DISTINCT FROM read_url")):
            rows = con.execute(
                f"SELECT _line, {column}, farm FROM ("
                f"  SELECT _line, {column}, {_HOST.format(col=column)} AS h FROM stg_sources"
                f"  WHERE {where}"
                f") JOIN (SELECT unnest(?::VARCHAR[]) AS farm) ON h = farm OR h LIKE '%.' || farm "
                f"ORDER BY _line",
                [sorted(CONTENT_FARMS)],
            ).fetchall()
            found += [
                Problem(
                    "sources.csv",
                    line,
                    column,
                    f"{url!r} is on {farm}, {CONTENT_FARMS[farm]}: replace it with a primary or "
                    "reputable source, or drop it (dashboard/data/trust.py)",
                )
                for line, url, farm in rows
            ]
    if not {"sources", "source_links"} <= set(loaded):
        return found
    for record_type, (table, key) in records.items():
        if table not in loaded:
            continue
        rows = con.execute(
            f"SELECT r._line, list(DISTINCT s.kind ORDER BY s.kind) FILTER (s.kind IS NOT NULL) "
            f"FROM stg_{table} AS r "
            f"LEFT JOIN stg_source_links AS l ON l.record_type = ? AND l.record_id = r.{key} "
            f"LEFT JOIN stg_sources AS s ON s.source_id = l.source_id "
            f"WHERE r.confidence = 'high' GROUP BY r._line "
            f"HAVING NOT coalesce(bool_or(list_contains(?, s.kind)), false) ORDER BY r._line",
            [record_type, list(PRIMARY_KINDS)],
        ).fetchall()
        found += [
            Problem(
                f"{table}.csv",
                line,
                "confidence",
                "'high' needs a UN or State/NPM source (data/README.md, Confidence); "
                f"its sources are {', '.join(kinds) if kinds else 'none'}: make it 'medium' or "
                "link a primary source",
            )
            for line, kinds in rows
        ]
    return found
