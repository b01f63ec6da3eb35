-- Every State party's record: ratification, counted visits (first, last), years since the last visit (since ratification when never visited), reports sent and published, planned visits.
WITH selected AS (
    SELECT * FROM filtered_cells($filters)
),

-- The selection's visits per State, their reports and what became of them. A report on record
-- was sent to its addressee.
counted AS (
    SELECT
        iso3,
        total(visits) AS visits,
        min(visit_year) AS first_visit_year,
        max(visit_year) AS last_visit_year,
        total(reports) AS reports_sent,
        total(reports_published) AS reports_published,
        total(visits_published) AS visits_published,
        total(visits_not_published) AS visits_not_published,
        total(visits_no_report) AS visits_no_report,
        total(visits_status_unknown) AS visits_publication_unknown
    FROM selected
    GROUP BY iso3
),

-- "How long since the last visit" looks at every year (the type filter applies): a year filter
-- narrows what is counted, not when the State was last visited.
any_year AS (
    SELECT iso3, visit_year, last_known_date AS known_date
    FROM filtered_cells(all_years($filters))
),

-- The last visit's year, and the date it ended (or started, if that is all we know). The date is
-- NULL when the last visit is known only to the month or year: years are then counted from it.
last_visit AS (
    SELECT
        iso3,
        max(visit_year) AS last_visit_year,
        max(known_date) FILTER (WHERE visit_year = last_year) AS last_visit_date
    FROM (SELECT *, max(visit_year) OVER (PARTITION BY iso3) AS last_year FROM any_year)
    GROUP BY iso3
),

-- Never visited: no counted visit at all, of any year or type.
ever_visited AS (
    SELECT DISTINCT iso3 FROM visit_cells
),

-- Planned visits matching the filters (a planned visit is a plan, never counted as a visit).
planned AS (
    SELECT
        iso3,
        count(*) AS planned_visits,
        list(coalesce(strftime(start_date, '%Y-%m-%d'), approx_date) ORDER BY visit_year, visit_id)
            AS planned_dates
    FROM visit_plans
    WHERE ($filters.from_year IS NULL OR visit_year >= $filters.from_year)
      AND ($filters.to_year IS NULL OR visit_year <= $filters.to_year)
      AND ($filters.visit_type IS NULL OR list_contains($filters.visit_type, visit_type))
    GROUP BY iso3
)

SELECT
    states.iso3,
    states.name AS state,
    states.un_regional_group,
    states.opcat_ratification_date AS ratification_date,
    coalesce(strftime(states.opcat_ratification_date, '%Y-%m-%d'),
        'date unknown (' || states.opcat_ratification_approx || ')') AS ratification,
    coalesce(counted.visits, 0) AS visits,
    counted.first_visit_year,
    counted.last_visit_year,
    last_visit.last_visit_year AS last_visit_year_any,
    last_visit.last_visit_date,
    ever_visited.iso3 IS NULL AS never_visited,
    CASE
        WHEN last_visit.last_visit_date IS NOT NULL
            THEN round(date_diff('day', last_visit.last_visit_date, $as_of) / 365.25, 1)
        ELSE year($as_of) - last_visit.last_visit_year
    END AS years_since_last_visit,
    -- Years without a visit: since the last one, or since ratification when there was none.
    coalesce(
        CASE
            WHEN last_visit.last_visit_date IS NOT NULL
                THEN round(date_diff('day', last_visit.last_visit_date, $as_of) / 365.25, 1)
            ELSE year($as_of) - last_visit.last_visit_year
        END,
        CASE
            WHEN states.opcat_ratification_date IS NOT NULL
                THEN round(date_diff('day', states.opcat_ratification_date, $as_of) / 365.25, 1)
            ELSE year($as_of) - CAST(left(states.opcat_ratification_approx, 4) AS INTEGER)
        END
    ) AS years_without_visit,
    coalesce(counted.reports_sent, 0) AS reports_sent,
    coalesce(counted.reports_published, 0) AS reports_published,
    coalesce(counted.visits_published, 0) AS visits_published,
    coalesce(counted.visits_not_published, 0) AS visits_not_published,
    coalesce(counted.visits_no_report, 0) AS visits_no_report,
    coalesce(counted.visits_publication_unknown, 0) AS visits_publication_unknown,
    coalesce(planned.planned_visits, 0) AS planned_visits,
    coalesce(planned.planned_dates, []) AS planned_dates
FROM filtered_states($filters) AS states
LEFT JOIN counted USING (iso3)
LEFT JOIN last_visit USING (iso3)
LEFT JOIN ever_visited USING (iso3)
LEFT JOIN planned USING (iso3)
ORDER BY years_without_visit DESC, states.name
