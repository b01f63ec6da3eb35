"""The review page: paste a release, see the record and the comparison, save into a data copy."""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.paths import DATA_DIR
from tests.apptest import shown
from tests.conftest import APP

PAGE = str(
    Path(__file__).resolve().parent.parent / "dashboard" / "app" / "app_pages" / "press_review.py"
)
RELEASES = Path(__file__).parent / "press_releases"
SEED = (RELEASES / "spt-kazakhstan-2023-press-release.txt").read_text(encoding="utf-8")
MOLDOVA = (RELEASES / "spt-moldova-2012-npm-advisory.txt").read_text(encoding="utf-8")


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    monkeypatch.setenv("OPCAT_DATA_DIR", str(folder))
    monkeypatch.setenv("OPCAT_DB", str(tmp_path / "db.duckdb"))
    monkeypatch.setenv("OPCAT_ALLOW_EDITS", "1")
    return folder


def review_page() -> AppTest:
    """The review page as the app shows it: through the entry point, which reads the settings."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/press_review.py").run()
    return at


def page_with(text: str) -> AppTest:
    at = review_page()
    at.text_area(key="release").input(text).run()
    assert not at.exception
    return at


def texts(at: AppTest) -> list[str]:
    """The page's Markdown as a reader sees it (the pasted text is shown literally, escaped)."""
    return [shown(m.value) for m in at.markdown]


def test_pasted_release_shows_record_evidence_and_comparison(data):
    at = page_with(SEED)
    shown = texts(at)
    assert "**State:** Kazakhstan" in shown
    assert "**Start:** 2023-03-26" in shown
    assert "**Head:** Jakub Czepek" in shown
    assert "**Places:** prison, pretrial-detention, police" in shown
    evidence = next(t for t in shown if "<mark" in t)
    assert '<mark title="Release date">GENEVA (6 April 2023)</mark>' in evidence
    assert '<mark title="Visit to this State">second visit to the country</mark>' in evidence
    assert "matches the existing visit KAZ-2023-03; nothing differs" in shown


def test_save_writes_into_the_data_folder(data):
    at = page_with(MOLDOVA)
    assert "matches the existing visit MDA-2012-10, with differences in nationality" in texts(at)
    at.button(key="save").click().run()
    assert not at.exception
    assert shown(at.success[0].value).startswith("Saved: MDA-2012-10: nationality")
    members = (data / "delegation_members.csv").read_text(encoding="utf-8")
    assert "MDA-2012-10,Christian Pross,Germany,member\n" in members
    assert (data.parent / "db.duckdb").exists()


def test_save_of_a_new_visit_without_url_explains_why_not(data):
    text = MOLDOVA.replace("from 1 to 4 October", "from 1 to 4 October 2026")
    at = page_with(text)
    assert any("a new visit (MDA-2026-10)" in t for t in texts(at))
    at.button(key="save").click().run()
    assert (
        shown(at.error[0].value) == "a new visit needs the release's public URL: give --source-url"
    )
    assert "MDA-2026-10" not in (data / "visits.csv").read_text(encoding="utf-8")


def test_html_is_read_as_text(data):
    html = (RELEASES / "spt-south-africa-2023-html.html").read_text(encoding="utf-8")
    assert "**State:** South Africa" in texts(page_with(html))


@pytest.mark.parametrize("settings", [{"OPCAT_ALLOW_EDITS": None}, {"OPCAT_ALLOW_EDITS": "no"}])
def test_off_unless_editing_is_enabled(data, monkeypatch, settings):
    for variable, value in settings.items():
        if value is None:
            monkeypatch.delenv(variable)
        else:
            monkeypatch.setenv(variable, value)
    # Not among the app's pages; and its file run alone, without the entry point's settings,
    # shows no editor either.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        review_page()
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception
    assert len(at.text_area) == 0
    assert at.info[0].value.startswith("The review screen writes to the data, so it is off")


# Made-up text (it checks the rule, not the reader): a range without a year, no dateline.
NO_YEAR = (
    "The UN Subcommittee on Prevention of Torture (SPT) concluded its visit to Kazakhstan, which "
    "took place from 15 to 21 June. The delegation visited prisons."
)
WHY_NO_YEAR = (
    "year not stated: the range '15 to 21 June' gives none, and no dateline or release date does"
)


def test_an_empty_field_says_why_on_the_page(data):
    shown = texts(page_with(NO_YEAR))
    assert f"**Start:** — ({WHY_NO_YEAR})" in shown
    assert "**Head:** — (no person tied to 'head', 'chair' or 'led by' found)" in shown
    assert "**Places:** prison" in shown
