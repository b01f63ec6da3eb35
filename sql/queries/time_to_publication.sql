-- Time from the end of a visit to the publication of its report: Kaplan-Meier share published with its 95% confidence band, unpublished reports censored at $as_of, with the visits counted and left out; for all visits, or per State ($by = all | state). A chart may bound it: the $states curves with the most visits counted, and about $points rows in all (a curve with more steps keeps the last of each equal stretch of time and those where the share or its band first reaches one half); steps and curves say how many there were.
WITH curve AS (
    SELECT *
    FROM publication_curve(
        $filters, $as_of, coalesce($by, 'all') = 'state')
),

-- Each curve starts at 0 published on the day the visit ends.
start AS (
    SELECT
        iso3, 0 AS days, max(at_risk) AS at_risk, 0 AS published, 0 AS censored,
        0.0 AS share_published, 0.0 AS share_published_low, 0.0 AS share_published_high
    FROM curve
    GROUP BY iso3
    HAVING min(days) > 0
),

-- Visits counted in each curve, and filtered visits left out (no end date, unknown status, no
-- report, or published on an unknown date).
counted AS (
    SELECT iso3, CAST(sum(published + censored) AS BIGINT) AS visits_counted
    FROM curve
    GROUP BY iso3
),

filtered AS (
    SELECT CASE WHEN coalesce($by, 'all') = 'state' THEN iso3 END AS iso3, total(visits) AS visits
    FROM filtered_cells($filters)
    GROUP BY ALL
),

rows AS (
    SELECT
        curve.iso3,
        states.name AS state,
        curve.days,
        round(curve.days / 30.4375, 2) AS months,
        curve.at_risk,
        curve.published,
        curve.censored,
        round(curve.share_published, 4) AS share_published,
        round(curve.share_published_low, 4) AS share_published_low,
        round(curve.share_published_high, 4) AS share_published_high,
        counted.visits_counted,
        filtered.visits - counted.visits_counted AS visits_left_out
    FROM (SELECT * FROM start UNION ALL BY NAME SELECT * FROM curve) AS curve
    JOIN counted ON counted.iso3 IS NOT DISTINCT FROM curve.iso3
    JOIN filtered ON filtered.iso3 IS NOT DISTINCT FROM curve.iso3
    LEFT JOIN states ON states.iso3 = curve.iso3
),

-- The curves, most visits counted first, and those shown ($states of them; default: all).
curves AS (
    SELECT
        iso3,
        row_number() OVER (ORDER BY visits_counted DESC, state) AS curve_rank,
        count(*) OVER () AS curves
    FROM (SELECT DISTINCT iso3, state, visits_counted FROM rows)
),

shown AS (
    SELECT *, count(*) OVER () AS shown_curves
    FROM curves
    WHERE $states IS NULL OR curve_rank <= $states
),

steps AS (
    SELECT
        rows.*,
        shown.curves,
        count(*) OVER curve AS steps,
        -- Each curve's share of the $points rows, and the stretch of time each of them stands for.
        greatest($points // shown.shown_curves, 1) AS budget,
        max(rows.days) OVER curve + 1 AS span,
        min(rows.days) FILTER (WHERE rows.share_published >= 0.5) OVER curve AS median_day,
        min(rows.days) FILTER (WHERE rows.share_published_low >= 0.5) OVER curve AS low_day,
        min(rows.days) FILTER (WHERE rows.share_published_high >= 0.5) OVER curve AS high_day
    FROM rows
    JOIN shown ON shown.iso3 IS NOT DISTINCT FROM rows.iso3
    WINDOW curve AS (PARTITION BY rows.iso3)
)

SELECT * EXCLUDE (budget, span, median_day, low_day, high_day)
FROM steps
QUALIFY $points IS NULL
    OR steps <= budget
    OR days = 0
    OR days IN (median_day, low_day, high_day)
    OR row_number() OVER (PARTITION BY iso3, days * budget // span ORDER BY days DESC) = 1
ORDER BY state NULLS FIRST, days
