"""User text is text: every value from a URL or from the data is shown literally, never as
Markdown or HTML (a link, an image, a tag, a colour, a formula)."""

import re

import pytest
import streamlit
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import markdown
from dashboard.query import words
from tests.apptest import metrics, open_page, shown, texts
from tests.conftest import PAYLOAD_MEMBER, PAYLOAD_NAME, PAYLOAD_NOTES, PAYLOAD_NPM

PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


@settings(max_examples=300, derandomize=True, database=None)
@given(text=st.text())
def test_literal_escapes_every_markdown_character(text):
    out = markdown.literal(text)
    # Every punctuation character is escaped by one backslash, and nothing starts a new block.
    chars = iter(out)
    for char in chars:
        if char == "\\":
            assert PUNCTUATION.fullmatch(next(chars))
        else:
            assert not PUNCTUATION.fullmatch(char)
    assert "\n" not in out and "\r" not in out
    # No autolink: "://", "www." and "@" are broken by an invisible word joiner.
    assert "://" not in out.replace("\\", "") and "www." not in out.replace("\\", "")
    assert shown(out) == " ".join(text.split()) or shown(out) == re.sub(r"\s+", " ", text)


def test_links_only_for_web_urls():
    assert markdown.link("ohchr.org", "https://www.ohchr.org/x") == (
        "[ohchr\\.org](<https://www.ohchr.org/x>)"
    )
    assert markdown.link("x", "javascript:alert(1)") == "javascript\\:alert\\(1\\)"
    # A page of the app, relative (it keeps a proxy's base path); never another host.
    assert markdown.link("KAZ", "country-profile?state=KAZ#kaz-2016-09") == (
        "[KAZ](<country-profile?state=KAZ#kaz-2016-09>)"
    )
    for other in ("//evil.example/x", "/etc/passwd", "data:text/html,x", "\\\\host\\x"):
        assert "](" not in markdown.link("x", other), other
    assert "<" not in markdown.link("x", "https://e.org/<script>").split("(<", 1)[1][:-2]
    source = {
        "publisher": "example.org",
        "kind": "news",
        "url": "https://example.org/a)](http://evil.org",
    }
    assert words.sources_markdown([{**source, "read_url": source["url"]}]) == (
        "[example\\.org](<https://example.org/a)](http://evil.org>) (news or news reprint)"
    )


@pytest.fixture
def payload_app(payload_db, monkeypatch):
    """The app reading the payload database (the caches cleared before and after)."""
    monkeypatch.setenv("OPCAT_DB", str(payload_db))
    streamlit.cache_data.clear()
    streamlit.cache_resource.clear()
    yield
    streamlit.cache_data.clear()
    streamlit.cache_resource.clear()


def test_data_payloads_are_shown_as_text_on_the_country_profile(payload_app):
    at = open_page("Country profile", state="XAA")
    assert not at.exception, [e.value for e in at.exception]
    text = texts(at)
    for payload in (PAYLOAD_NAME, PAYLOAD_NOTES, PAYLOAD_NPM, PAYLOAD_MEMBER):
        assert payload in text
    sources = "\n".join(e.value for e in [*at.markdown, *at.header, *at.caption])
    # The only links are the sources' and the reports', to their own URLs; no image, no tag.
    targets = re.findall(r"(?<!\\)\]\((\S+?)\)", sources)
    assert targets and all(
        t.startswith(("<https://example.org/", "<https://undocs.org/", "<recommendations?state="))
        for t in targets
    )
    assert not re.search(r"(?<!\\)!\[", sources)
    assert not re.search(r"(?<![\\(])<[a-z/]", sources)  # no tag (an escaped one is text)
    assert metrics(at)["Visits counted"] == "3"


def test_data_payloads_in_the_state_list_and_tables(payload_app):
    at = open_page("Visits")
    assert not at.exception
    (table,) = at.dataframe  # a table shows values as text
    assert PAYLOAD_NAME in set(table.value["state"])
