-- Visits per State party: how many, first and last, years since the last one (never visited: years since ratification).
WITH visits AS (
    SELECT iso3, visit_year, coalesce(end_date, start_date) AS known_date
    FROM filtered_visits($from_year, $to_year, $region, $state, $visit_type)
),

per_state AS (
    SELECT
        iso3,
        count(*) AS visits,
        min(visit_year) AS first_visit_year,
        max(visit_year) AS last_visit_year
    FROM visits
    GROUP BY iso3
),

-- The date the last visit ended (or started, if that is all we know). NULL when the last
-- visit is known only to the month or year: then years are counted from its year.
last_visit AS (
    SELECT visits.iso3, max(visits.known_date) AS last_visit_date
    FROM visits
    JOIN per_state
        ON per_state.iso3 = visits.iso3 AND per_state.last_visit_year = visits.visit_year
    GROUP BY visits.iso3
)

SELECT
    states.iso3,
    states.name AS state,
    states.un_regional_group,
    coalesce(per_state.visits, 0) AS visits,
    per_state.first_visit_year,
    per_state.last_visit_year,
    last_visit.last_visit_date,
    CASE
        WHEN last_visit.last_visit_date IS NOT NULL
            THEN round(date_diff('day', last_visit.last_visit_date, $as_of) / 365.25, 1)
        ELSE year($as_of) - per_state.last_visit_year
    END AS years_since_last_visit,
    states.opcat_ratification_date,
    coalesce(CAST(year(states.opcat_ratification_date) AS VARCHAR), states.opcat_ratification_approx)
        AS ratification_year,
    CASE
        WHEN per_state.visits IS NOT NULL THEN NULL
        WHEN states.opcat_ratification_date IS NOT NULL
            THEN round(date_diff('day', states.opcat_ratification_date, $as_of) / 365.25, 1)
        ELSE year($as_of) - CAST(left(states.opcat_ratification_approx, 4) AS INTEGER)
    END AS years_since_ratification_never_visited
FROM filtered_states($region, $state) AS states
LEFT JOIN per_state USING (iso3)
LEFT JOIN last_visit USING (iso3)
ORDER BY visits DESC, states.name
