"""Links that work: permalinks and citations are built on the address the app is really served
at, never on a fixed host and port."""

import datetime as dt

import pytest

from dashboard import config, exports
from dashboard.app.export_menu import _base_of
from dashboard.exports.citation import Citation
from dashboard.query.filters import Filters


@pytest.mark.parametrize(
    ("url", "page", "base"),
    [
        ("http://127.0.0.1:9000/visits", "visits", "http://127.0.0.1:9000"),
        ("http://127.0.0.1:9000/", "", "http://127.0.0.1:9000"),
        ("https://example.org/opcat/reports", "reports", "https://example.org/opcat"),
        ("https://example.org/opcat", "", "http://example.org/opcat".replace("http:", "https:")),
        ("http://[::1]:8501/places", "places", "http://[::1]:8501"),
        ("http://host:8501/country-profile/", "country-profile", "http://host:8501"),
        ("http://host:8501/reports/xyz", "", "http://host:8501"),  # unknown path: the app's base
    ],
)
def test_the_base_is_the_address_the_browser_used(url, page, base):
    assert _base_of(url, page) == base


@pytest.mark.parametrize("url", [None, "", "javascript:alert(1)", "file:///etc/passwd", "http://"])
def test_anything_else_is_not_a_base(url):
    assert _base_of(url, "") is None


def test_permalink_repeats_a_key_for_several_values():
    """Built with urlencode(doseq=True), so list values (several States) become repeated keys."""

    class Several(Filters):
        def to_query(self):
            return {"state": ["BRA", "MEX"], "from_year": "2016"}

    link = exports.permalink(Several(), "compare", "http://127.0.0.1:9000/opcat")
    assert link == "http://127.0.0.1:9000/opcat/compare?state=BRA&state=MEX&from_year=2016"


def test_the_command_line_uses_the_setting_or_where_serve_listens(monkeypatch):
    """The base of the command line's permalinks (`Settings.link_base`, which `export` passes)."""
    assert config.load().link_base() == "http://127.0.0.1:8501"
    monkeypatch.setenv("OPCAT_PORT", "9000")
    monkeypatch.setenv("OPCAT_BASE_PATH", "opcat")
    assert config.load().link_base() == "http://127.0.0.1:9000/opcat"
    monkeypatch.setenv("OPCAT_PUBLIC_URL", "https://example.org/opcat/")
    assert config.load().link_base() == "https://example.org/opcat"


CITE = Citation(
    publisher="Association for the Prevention of Torture",
    title="SPT visits, reports and recommendations: Data & method",
    filters="2016–latest, Mexico",
    data_as_of="2026-01-30",
    url="https://example.org/opcat/data-method?from_year=2016&state=MEX",
    accessed=dt.date(2026, 12, 1),
    version="0.1.0",
)


def test_citation_text_names_everything():
    assert CITE.text() == (
        "Association for the Prevention of Torture (2026). SPT visits, reports and "
        "recommendations: Data & method [opcat-dashboard, version 0.1.0; filters: 2016–latest, "
        "Mexico; data as of 2026-01-30]. Retrieved 2026-12-01 from "
        "https://example.org/opcat/data-method?from_year=2016&state=MEX"
    )


def test_bibtex_escapes_latex_and_keeps_the_url():
    assert CITE.bibtex() == (
        "@misc{opcat-dashboard-spt-visits-reports-and-recommendations-data-method-2026,\n"
        "  author = {{Association for the Prevention of Torture}},\n"
        "  title = {SPT visits, reports and recommendations: Data \\& method},\n"
        "  year = {2026},\n"
        "  version = {0.1.0},\n"
        "  publisher = {Association for the Prevention of Torture},\n"
        "  url = {https://example.org/opcat/data-method?from_year=2016&state=MEX},\n"
        "  urldate = {2026-12-01},\n"
        "  note = {opcat-dashboard; filters: 2016–latest, Mexico; data as of 2026-01-30}\n"
        "}\n"
    )


def test_ris_has_one_tag_per_line_and_ends_the_record():
    lines = CITE.ris().split("\r\n")
    assert lines[0] == "TY  - DATA" and lines[-2] == "ER  -" and lines[-1] == ""
    assert "UR  - https://example.org/opcat/data-method?from_year=2016&state=MEX" in lines
    assert "Y2  - 2026-12-01" in lines and "PY  - 2026" in lines and "ET  - 0.1.0" in lines
    multi = Citation(**{**CITE.__dict__, "title": "two\nlines"})
    assert "TI  - two lines" in multi.ris().split("\r\n")
