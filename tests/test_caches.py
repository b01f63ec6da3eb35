"""Bounded memory: every st.cache_data of the app has a size bound, and the export cache is
bounded by the bytes it holds."""

import pytest
from streamlit.runtime.caching.cache_utils import CachedFunc

from dashboard import exports
from dashboard.app import session
from dashboard.charts import CHARTS
from dashboard.exports import files
from dashboard.query.filters import Filters
from tests.conftest import SERVED_URL


def test_every_st_cache_data_is_bounded():
    cached = {name: f for name, f in vars(session).items() if isinstance(f, CachedFunc)}
    assert len(cached) >= 6
    bounds = {name: f._info.max_entries for name, f in cached.items() if name != "_latest"}
    assert all(isinstance(b, int) and 0 < b <= 1024 for b in bounds.values()), bounds


@pytest.fixture
def small_cache(monkeypatch):
    exports.clear_cache()
    monkeypatch.setattr(files, "CACHE_BYTES", 4_000_000)  # about four HTML files
    yield
    exports.clear_cache()


def test_the_export_cache_is_bounded_by_bytes(con, small_cache):
    made, held = {}, []
    for chart_id in CHARTS:
        made[chart_id] = exports.export(con, chart_id, Filters(), "html", SERVED_URL)
        held.append(exports.cache_bytes())
    assert max(held) <= files.CACHE_BYTES
    assert max(held) > files.CACHE_BYTES / 2  # it does cache HTML files
    assert sum(len(b) for b in made.values()) > 2 * files.CACHE_BYTES  # so it had to let go
    for chart_id, data in made.items():  # evicted or not, the bytes are the same
        assert exports.export(con, chart_id, Filters(), "html", SERVED_URL) == data
        assert exports.cache_bytes() <= files.CACHE_BYTES


def test_a_new_build_is_never_answered_from_the_old_cache(con, mini_db, small_cache):
    chart_id = "visits-per-year"
    real = exports.export(con, chart_id, Filters(), "csv", SERVED_URL)
    mini = exports.export(mini_db, chart_id, Filters(), "csv", SERVED_URL)
    assert real != mini  # the build id is part of the key
