"""Helpers to drive the app with Streamlit's AppTest."""

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import APP

# The Overview's headline figures on the real data, with the default filters.
DEFAULT_FIGURES = {
    "Visits": "102",
    "States visited": "73 of 96",
    "States never visited": "23",
    "Visits with a public report": "64 of 102",
    "Median months to publish": "20.6",
}

PAGES = {
    "Overview": None,
    "Visits": "app_pages/visits.py",
    "Places": "app_pages/places.py",
    "Reports": "app_pages/reports.py",
    "Recommendations": "app_pages/recommendations.py",
    "Country profile": "app_pages/country.py",
    "Compare": "app_pages/compare.py",
    "Data & method": "app_pages/data.py",
}


def open_page(page: str, **params: str) -> AppTest:
    """Open the app at the given page with these URL query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if PAGES[page]:
        at.switch_page(PAGES[page])
        at.run()
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def drawn(at: AppTest) -> dict:
    """Chart id → the frame the page drew."""
    return dict(at.session_state["drawn"])


def shown(markdown: str) -> str:
    """What a reader sees of Markdown source written by dashboard.markdown.literal: the text
    without its backslash escapes and invisible word joiners (links and bold kept as written)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def texts(at: AppTest) -> str:
    """Every Markdown, caption, header, warning and info text of the page, as a reader sees it."""
    elements = [*at.markdown, *at.caption, *at.header, *at.subheader, *at.warning, *at.info]
    return "\n".join(shown(e.value) for e in elements)
