"""The time-to-publication curve, its 95% band and its median, cross-checked against lifelines
(an independent Kaplan-Meier implementation) on the real data and on the hand-made fixture."""

import datetime as dt

import numpy as np
import pytest
from lifelines import KaplanMeierFitter
from lifelines.utils import median_survival_times

from dashboard.query import figures, queries
from dashboard.query.filters import Filters

AS_OF = dt.date(2026, 11, 27)


def observations(con, filters: Filters, as_of: dt.date):
    """Durations and events as the shared macro gives them: lifelines' input."""
    return con.sql(
        "SELECT days, published FROM publication_observations($filters, $as_of)",
        params={"filters": filters.sql(), "as_of": as_of},
    ).pl()


def lifelines_fit(con, filters: Filters, as_of: dt.date) -> KaplanMeierFitter:
    obs = observations(con, filters, as_of)
    return KaplanMeierFitter().fit(obs["days"].to_numpy(), obs["published"].to_numpy())


def curve(con, filters: Filters, as_of: dt.date, **extra):
    return queries.run(con, "time_to_publication", filters, {"as_of": as_of, **extra})


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(region="Latin American and Caribbean"),
        Filters(from_year=2016, to_year=2026, region="African"),
        Filters(visit_type="regular"),
    ],
)
def test_curve_and_band_match_lifelines(con, filters):
    kmf = lifelines_fit(con, filters, AS_OF)
    ours = curve(con, filters, AS_OF)
    assert ours.height > 3
    times = ours["days"].to_numpy().astype(float)
    survival = kmf.survival_function_at_times(times).to_numpy()
    assert np.allclose(ours["share_published"].to_numpy(), 1 - survival, atol=1e-4)
    band = kmf.confidence_interval_.reindex(times)
    # The band is defined wherever lifelines defines it, and equal to it there.
    lower_s = band.iloc[:, 0].to_numpy()
    upper_s = band.iloc[:, 1].to_numpy()
    defined = ours["share_published_low"].is_not_null().to_numpy()
    assert (defined == ~np.isnan(lower_s)).all() and defined[1:].all()
    assert np.allclose(
        ours["share_published_low"].to_numpy()[defined], 1 - upper_s[defined], atol=1e-4
    )
    assert np.allclose(
        ours["share_published_high"].to_numpy()[defined], 1 - lower_s[defined], atol=1e-4
    )
    # The median: the first time at which S(t) <= 0.5 (half or more published), and its
    # confidence interval, the same rule applied to the band's edges. lifelines' own median
    # compares floats strictly: where S is exactly 0.5 its product can round above it, so the
    # rule is applied to its curves with a tolerance of 1e-9.
    to_months = 1 / 30.4375
    for ours_column, theirs in (
        ("share_published", kmf.survival_function_.iloc[:, 0]),
        ("share_published_high", kmf.confidence_interval_.iloc[:, 0]),
        ("share_published_low", kmf.confidence_interval_.iloc[:, 1]),
    ):
        reached = theirs.index[theirs.to_numpy() <= 0.5 + 1e-9]
        value = figures.median_months(ours, ours_column)
        if not len(reached):
            assert value is None
        else:
            assert value == pytest.approx(reached.min() * to_months, abs=0.01), ours_column


def test_real_data_figures(con):
    h = figures.headline(con, Filters(), as_of=AS_OF)
    assert (h.median_months, h.median_low, h.median_high) == (20.57, 16.59, 24.34)
    kmf = lifelines_fit(con, Filters(), AS_OF)
    assert kmf.median_survival_time_ == 626  # days: 20.57 months
    low, high = median_survival_times(kmf.confidence_interval_).iloc[0]
    assert (low, high) == (505, 741)  # days: 16.59 and 24.34 months
    assert kmf.event_observed.sum() == 48 and len(kmf.durations) == 53


def test_curves_per_state_match_lifelines(con):
    both = curve(con, Filters(state=("BRA", "PER")), AS_OF, by="state")
    assert set(both["iso3"]) == {"BRA", "PER"}
    for iso3 in ("BRA", "PER"):
        one = both.filter(both["iso3"] == iso3)
        kmf = lifelines_fit(con, Filters(state=iso3), AS_OF)
        times = one["days"].to_numpy().astype(float)
        expected = 1 - kmf.survival_function_at_times(times).to_numpy()
        assert np.allclose(one["share_published"].to_numpy(), expected, atol=1e-4)
        assert one["visits_counted"][0] == len(kmf.durations)


def test_band_on_the_fixture_by_hand(mini_db):
    rows = queries.run(
        mini_db, "time_to_publication", None, {"as_of": dt.date(2025, 1, 1)}
    ).to_dicts()
    # At 334 days: 3 at risk, 1 published: S = 2/3, Greenwood sum 1/(3·2) = 1/6. On the
    # log(-log S) scale the band is S^exp(±1.96·sqrt(1/6)/ln S): S from 0.0541 to 0.9452.
    first = rows[1]
    assert first["days"] == 334
    assert (first["share_published_low"], first["share_published_high"]) == (0.0548, 0.9459)
    assert rows[0]["share_published_low"] == rows[0]["share_published_high"] == 0.0
