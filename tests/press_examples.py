"""Releases the ingest tests share (test_ingest_press.py, test_ingest_all_or_nothing.py,
test_sigkill.py): the hand-written releases of tests/press_releases and a made-up release of a new
visit, with the address it would be cited by."""

from pathlib import Path

RELEASES = Path(__file__).parent / "press_releases"
SEED = RELEASES / "spt-kazakhstan-2023-press-release.txt"
MOLDOVA = RELEASES / "spt-moldova-2012-npm-advisory.txt"
UKRAINE = RELEASES / "spt-ukraine-2016-suspended-follow-up.txt"
URL = "https://www.ohchr.org/en/press-releases/2026/03/un-torture-prevention-body-visit-armenia"

NEW_VISIT = """UN torture prevention body to visit Armenia

GENEVA (2 March 2026) – The UN Subcommittee on Prevention of Torture (SPT) will visit
Armenia from 8 to 14 March 2026, its second visit to the country.

The delegation plans to visit prisons, police stations and psychiatric hospitals.

The SPT delegation will be composed of Nika Kvaratskhelia (Georgia), head of
delegation, and Elīna Šteinerte (Latvia).
"""
