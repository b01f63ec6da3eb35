-- Time from the end of a visit to the publication of its report: Kaplan-Meier share published, unpublished reports censored at $as_of, with the visits counted and left out.
WITH curve AS (
    SELECT * FROM publication_curve($from_year, $to_year, $region, $state, $visit_type, $as_of)
),

-- The curve starts at 0 published on the day the visit ends.
start AS (
    SELECT 0 AS days, max(at_risk) AS at_risk, 0 AS published, 0 AS censored, 0.0 AS share_published
    FROM curve
    HAVING count(*) > 0 AND min(days) > 0
),

-- Visits counted in the curve, and filtered visits left out (no end date, unknown status, no
-- report, or published on an unknown date).
counted AS (
    SELECT CAST(coalesce(sum(published + censored), 0) AS BIGINT) AS visits_counted FROM curve
),

filtered AS (
    SELECT count(*) AS visits FROM filtered_visits($from_year, $to_year, $region, $state, $visit_type)
)

SELECT
    days,
    round(days / 30.4375, 2) AS months,
    at_risk,
    published,
    censored,
    round(share_published, 4) AS share_published,
    counted.visits_counted,
    filtered.visits - counted.visits_counted AS visits_left_out
FROM (SELECT * FROM start UNION ALL SELECT * FROM curve), counted, filtered
ORDER BY days
