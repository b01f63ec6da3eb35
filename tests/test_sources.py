"""Sources: canonical URLs on the publisher's own site, a closed vocabulary of kinds, publishers."""

import csv
import re

import pytest

from dashboard import labels
from dashboard.data import sources
from dashboard.data.build import build
from dashboard.data.schema import vocabulary
from dashboard.data.validate import ValidationError, validate
from dashboard.paths import DATA_DIR

# Test and development hosts, as the issue names them: never a canonical URL.
DEV_HOST = re.compile(r"^https?://(web\.test\.|web\.dev\.|test\.|dev\.|[^/]*\.un-icc\.cloud)")


def real_sources() -> list[dict]:
    with open(DATA_DIR / "sources.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_no_canonical_url_is_on_a_test_or_development_host():
    rows = real_sources()
    assert [r["source_id"] for r in rows if DEV_HOST.match(r["url"])] == []
    # ... while the copies read there are kept: 35 on the test host, 5 on the development host.
    read = [r["read_url"] for r in rows]
    assert sum("web.test.ohchr.un-icc.cloud" in u for u in read) == 35
    assert sum("web.dev.ohchr.un-icc.cloud" in u for u in read) == 5


def test_a_test_host_copy_maps_to_the_same_path_on_www_ohchr_org():
    row = sources.describe(
        "https://web.dev.ohchr.un-icc.cloud/fr/press-releases/2024/03/"
        "un-torture-prevention-body-re-visit-gabon?sub-site=HRC"
    )
    assert row == {
        "url": "https://www.ohchr.org/fr/press-releases/2024/03/un-torture-prevention-body-re-visit-gabon",
        "read_url": "https://web.dev.ohchr.un-icc.cloud/fr/press-releases/2024/03/"
        "un-torture-prevention-body-re-visit-gabon?sub-site=HRC",
        "kind": "un-primary",
        "publisher": "OHCHR",
        "url_checked": "false",  # made from the test host's copy; no copy at www.ohchr.org read
    }


def test_a_un_document_on_a_mirror_maps_to_its_symbol():
    row = sources.describe("https://atlas-of-torture.org/en/entity/890ys9mg93k?page=3")
    assert (row["url"], row["kind"]) == ("https://undocs.org/CAT/OP/MRT/2", "un-primary")
    unknown = sources.describe("https://atlas-of-torture.org/en/entity/3r1dwe07brd?page=4")
    assert unknown["url"] == unknown["read_url"]
    assert unknown["kind"] == "mirror"


def test_the_committed_sources_are_what_the_rules_give():
    """url, kind and publisher of every row follow from its read_url by dashboard/data/sources.py,
    so the mapping is reviewable in one place and `python -m dashboard.data.sources` reproduces the
    file."""
    for row in real_sources():
        assert sources.describe(row["read_url"]) == {k: row[k] for k in sources.FIELDS}, row


def test_every_kind_has_a_label_and_a_rank_in_vocabulary_order(con):
    assert set(labels.SOURCE_KIND) == set(sources.KINDS) == set(vocabulary("sources", "kind"))
    ranks = [con.execute("SELECT source_kind_rank(?)", [k]).fetchall()[0][0] for k in sources.KINDS]
    assert ranks == list(range(1, len(sources.KINDS) + 1))
    assert sources.KINDS[0] == "un-primary"


def test_build_rejects_an_unknown_kind(mini_copy, tmp_path):
    path = mini_copy / "sources.csv"
    path.write_text(path.read_text().replace(",news,Example News", ",blog,Example News"))
    assert [str(p) for p in validate(mini_copy)] == [
        "sources.csv:3: kind: unknown value 'blog'; expected one of: "
        "un-primary, state-npm, ngo, news, mirror"
    ]
    with pytest.raises(ValidationError):
        build(mini_copy, tmp_path / "db.duckdb")
    assert not (tmp_path / "db.duckdb").exists()


def test_build_rejects_a_canonical_url_on_a_development_host(mini_copy):
    path = mini_copy / "sources.csv"
    path.write_text(
        path.read_text().replace(
            "S0001,https://example.org/xaa-2010", "S0001,https://web.dev.ohchr.un-icc.cloud/en/x"
        )
    )
    (problem,) = [str(p) for p in validate(mini_copy)]
    assert problem.startswith("sources.csv:2: url: breaks the rule")
    assert "url=https://web.dev.ohchr.un-icc.cloud/en/x" in problem


def test_sources_of_a_record_come_primary_first(con):
    ((kinds,),) = con.execute(
        "SELECT list_transform(sources, lambda s: s.kind) FROM record_source_lists "
        "WHERE record_type = 'visit' AND record_id = 'RWA-2017-10'"
    ).fetchall()
    assert kinds[0] == "un-primary"
    assert kinds == sorted(kinds, key=sources.KINDS.index)


def test_a_content_farm_is_matched_by_its_host_not_by_text_in_the_url(mini_copy):
    rows = [
        "S0003,https://m.KSAPlayers.com./a,https://m.KSAPlayers.com./a,news,K,true",
        "S0004,https://www.daily8.com/en/1,https://www.daily8.com/en/1,news,D,true",
        "S0005,https://notksaplayers.com/a,https://notksaplayers.com/a,news,N,true",
        "S0006,https://example.org/ksaplayers.com,https://example.org/ksaplayers.com,news,E,true",
    ]
    with open(mini_copy / "sources.csv", "a") as f:
        f.write("\n".join(rows) + "\n")
    refused = {(p.line, p.reason.split(" is on ")[1].split(",")[0]) for p in validate(mini_copy)}
    assert refused == {(4, "ksaplayers.com"), (5, "daily8.com")}


def test_addresses_made_from_a_test_host_copy_are_marked_unchecked():
    rows = real_sources()
    unchecked = [r for r in rows if r["url_checked"] == "false"]
    assert len(unchecked) == 40
    assert all("ohchr.un-icc.cloud" in r["read_url"] for r in unchecked)
    assert all(r["url"].startswith("https://www.ohchr.org/") for r in unchecked)
    # A copy read at its own address, or a UN document by its symbol, is checked.
    assert sources.describe("https://www.ohchr.org/en/a")["url_checked"] == "true"
    assert sources.describe("https://atlas-of-torture.org/en/entity/890ys9mg93k")[
        "url_checked"
    ] == ("true")
