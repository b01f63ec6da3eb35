"""What a user reads about the data: the Data & method page's counts (sources by kind, records by
confidence), last-changed date, licence, correction channel and changelog; sources with their
publisher and kind, and confidence marks, where a record is shown."""

import re

from dashboard.paths import DATA_DIR
from dashboard.query import figures, tables, words
from dashboard.query.filters import Filters
from tests.apptest import open_page, shown

CHANGES = (DATA_DIR / "CHANGES.md").read_text(encoding="utf-8")


def text_of(at) -> str:
    """The page's Markdown as a reader sees it (escapes removed; link syntax kept)."""
    return "\n".join(shown(m.value) for m in [*at.markdown, *at.caption])


def test_data_page_counts_sources_by_kind_and_records_by_confidence(db_path):
    at = open_page("Data & method")
    assert not at.exception, [e.value for e in at.exception]
    tables = [t.value for t in at.dataframe]
    by_kind = next(t for t in tables if "read_in_a_copy" in t.columns)
    assert by_kind.values.tolist() == [
        ["UN primary", 177, 16, 76, 40],
        ["State or NPM", 43, 42, 1, 0],
        ["APT, other NGO or academic", 111, 21, 0, 0],
        ["news or news reprint", 121, 84, 0, 0],
        ["mirror copy", 42, 6, 0, 0],
    ]
    by_confidence = next(t for t in tables if "medium" in t.columns)
    assert by_confidence.values.tolist() == [
        ["states", 96, 48, 44, 4],
        ["visits", 119, 85, 26, 8],
        ["reports", 113, 67, 41, 5],
        ["recommendations", 59, 22, 37, 0],
    ]
    text = text_of(at)
    assert "494 public sources by kind, primary first. 77 were read in a copy" in text
    assert "148 medium and 17 low of 387 records" in text
    # Every source, 50 a page: primary first, mirror copies on the last page.
    every_source = next(t for t in tables if "read_url" in t.columns)
    assert len(every_source) == 50
    assert every_source["kind"].iloc[0] == "UN primary"
    assert "Showing sources 1–50 of 494 (page 1 of 10)." in text
    at.number_input(key="w_page_source_list").set_value(10).run()
    last = next(t.value for t in at.dataframe if "read_url" in t.value.columns)
    assert len(last) == 44 and last["kind"].iloc[-1] == "mirror copy"


def test_data_page_gives_last_change_licence_corrections_and_changelog(db_path):
    at = open_page("Data & method")
    text = text_of(at)
    assert "The data last changed on **2026-12-07**" in text
    assert "newest dated fact on record is from **2026-01-30**" in text
    assert "[Creative Commons Attribution 4.0 International](https://creativecommons.org/" in text
    assert "The code is under the MIT licence." in text
    assert "**Report a correction:** open an issue" in text
    lines = [line for line in CHANGES.splitlines() if re.match(r"\| \d{4}-\d{2}-\d{2} \|", line)]
    (log,) = [shown(m.value) for m in at.markdown if m.value.startswith("- **2026-12-07**")]
    assert len(log.splitlines()) == len(lines) == 35
    assert (
        "- **2026-12-01** · report CAT/OP/ECU/2: added: the report to the NPM on Ecuador's 2014 "
        "visit, public, dated 2015-07-16"
    ) in log
    assert "sources: [S0248 OHCHR](<https://docstore.ohchr.org/" in log
    assert "datapackage.json" in [b.label for b in at.get("download_button")]


def test_every_changelog_line_names_a_record_a_change_and_known_sources(con):
    changes = tables.changelog(CHANGES)
    known = {source_id for (source_id,) in con.execute("SELECT source_id FROM sources").fetchall()}
    assert changes.height == 35
    assert tables.last_changed(changes).isoformat() == "2026-12-07"
    for row in changes.iter_rows(named=True):
        assert row["record"] and len(row["change"]) > 20, row
        assert set(row["sources"]) <= known, row
    # Only changes made by a rule rest on no source: the columns of every source, and the sources
    # and confidences the trust rules of 2026-12-07 (dashboard/data/trust.py) changed.
    ruled = changes.filter(changes["sources"].list.len() == 0)
    assert ruled["record"].to_list() == [
        "all sources",
        "27 sources",
        "visits LKA-2019-04, TUN-2022-03, AUS-2022-10, ZAF-2023-02, HND-2024-04, NGA-2024-09, "
        "COD-2024-12, AFG-2025-not-held, FRA-2025-not-held, PER-2025-06, SRB-2025-06, MEX-2026-01",
        "reports of the same visits and MOZ-2025-10/report",
        "States CRI, HRV, EST, GTM, HND, KAZ, LIE, MLT, MRT, MEX, MNE, MAR, NLD, NIC, PRY, PER, "
        "RWA, SEN, ZAF, CHE, TUN, UKR, URY",
        "recommendation R005",
        "all sources",
    ]


def visit_lines(at, visit_id: str) -> dict[str, str]:
    """The lines of one visit on the Country profile, by their label ('' for the first)."""
    (text,) = [
        shown(m.value)
        for m in at.markdown
        if visit_id in shown(m.value) and "**Reports:**" in m.value
    ]
    lines = text.split("  \n")
    return {"": lines[0]} | {line.split(":**")[0].strip("*"): line for line in lines[1:]}


def test_ecuador_2014_shows_its_public_npm_report(db_path):
    at = open_page("Country profile", state="ECU")
    lines = visit_lines(at, "ECU-2014-09")
    assert lines["Reports"] == (
        "**Reports:** [CAT/OP/ECU/2](<https://undocs.org/CAT/OP/ECU/2>) to the NPM: published "
        "2015-07-16"
    )
    assert lines["Sources"].startswith("**Sources:** [OHCHR](<https://docstore.ohchr.org/")


def test_country_profile_lists_sources_by_publisher_and_kind_primary_first(db_path):
    at = open_page("Country profile", state="MRT")
    text = text_of(at)
    line = next(v for v in text.splitlines() if v.startswith("**Sources:**"))
    # The Atlas of Torture copy of CAT/OP/MRT/2 is cited as the UN document, with the copy read.
    assert line.startswith(
        "**Sources:** [OHCHR](<https://docstore.ohchr.org/SelfServices/FilesHandler.ashx?enc=6QkG1d"
    )
    assert (
        "[UN Official Document System](<https://undocs.org/CAT/OP/MRT/2>) (UN primary; "
        "[copy read](<https://atlas-of-torture.org/en/entity/890ys9mg93k?page=3>))"
    ) in line
    state = next(v for v in text.splitlines() if v.startswith("**Sources** (primary first):"))
    assert state.index("(APT, other NGO or academic)") < state.index("(mirror")


def test_medium_and_low_confidence_records_are_marked(db_path):
    at = open_page("Country profile", state="ARG")
    text = text_of(at)
    # Argentina 2012 is a medium-confidence visit with a medium-confidence report.
    visit = next(v for v in text.split("\n**") if "2012-04-18 to 2012-04-27" in v)
    assert "· **medium confidence** · ARG-2012-04" in visit
    assert "report (symbol unknown) to the State: published (medium confidence)" in text
    # Argentina 2022 is high confidence: not marked.
    visit_2022 = next(v for v in text.split("\n**") if "2022-04-20" in v)
    assert "confidence" not in visit_2022
    reports = open_page("Reports")
    (table,) = reports.dataframe
    assert set(table.value["report_confidence"].dropna()) == {"high", "medium", "low"}


def test_markdown_of_a_source_is_escaped():
    text = words.sources_markdown(
        [
            {
                "url": "https://example.org/a (b)",
                "read_url": "https://example.org/a (b)",
                "kind": "news",
                "publisher": "*Bold* [link](https://evil.example)",
            }
        ]
    )
    # The publisher reads as its text (no link of its own); the link goes to the source.
    assert shown(text) == (
        "[*Bold* [link](https://evil.example)](<https://example.org/a%20(b)>) "
        "(news or news reprint)"
    )
    assert text.count("](") == 1


def test_visit_details_as_csv_write_reports_and_sources_as_json(con):
    text = tables.to_csv(figures.run(con, "visit_details", Filters(state="ECU"))).decode()
    assert '{""report_id"":""CAT/OP/ECU/2"",""symbol"":""CAT/OP/ECU/2""' in text
    assert '""kind"":""un-primary"",""publisher"":""OHCHR""' in text
