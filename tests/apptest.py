"""Helpers to drive the app with Streamlit's AppTest."""

from streamlit.testing.v1 import AppTest

from tests.conftest import APP

PAGES = {
    "Overview": None,
    "Visits": "app_pages/visits.py",
    "Places": "app_pages/places.py",
    "Reports": "app_pages/reports.py",
    "Recommendations": "app_pages/recommendations.py",
    "Country profile": "app_pages/country.py",
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
