-- Places visited, one row per State party or per year ($by = state | year; the matrix and places-by-year charts' rows, a few KB at any size): its filtered visits with known places and with places unknown, and visits_covering, how many covered each type of place, listed in the order of facility_types (NULL for a type no visit on record covers).
WITH visits AS (
    SELECT visit_id, iso3, visit_year
    FROM filtered_visits($from_year, $to_year, $region, $state, $visit_type)
),

-- Every type of place, in the order of the CHECK in sql/schema.sql and of labels.FACILITY_TYPE.
facility_types AS (
    SELECT *
    FROM (VALUES
        (1, 'prison'), (2, 'pretrial-detention'), (3, 'police'), (4, 'immigration-detention'),
        (5, 'psychiatric'), (6, 'juvenile'), (7, 'social-care'), (8, 'military'), (9, 'other')
    ) AS t (position, facility_type)
),

on_record AS (
    SELECT DISTINCT facility_type FROM visit_places
),

-- The rows: every filtered State party (visited or not), or every year with a filtered visit.
groups AS (
    SELECT iso3 AS key, name AS state, NULL::BIGINT AS year
    FROM filtered_states($region, $state)
    WHERE coalesce($by, 'state') = 'state'
    UNION ALL
    SELECT DISTINCT CAST(visit_year AS VARCHAR), NULL, visit_year
    FROM visits
    WHERE $by = 'year'
),

cells AS (
    SELECT
        CASE WHEN $by = 'year' THEN CAST(visits.visit_year AS VARCHAR) ELSE visits.iso3 END AS key,
        visit_coverage.facility_type,
        count(*) FILTER (WHERE visit_coverage.covered) AS visits_covering,
        count(*) FILTER (WHERE visit_coverage.places_known) AS visits_with_known_places,
        count(*) FILTER (WHERE NOT visit_coverage.places_known) AS visits_places_unknown
    FROM visits
    JOIN visit_coverage USING (visit_id)
    GROUP BY ALL
)

SELECT
    groups.state,
    groups.year,
    coalesce(max(cells.visits_with_known_places), 0) AS visits_with_known_places,
    coalesce(max(cells.visits_places_unknown), 0) AS visits_places_unknown,
    list(
        CASE WHEN on_record.facility_type IS NOT NULL THEN coalesce(cells.visits_covering, 0) END
        ORDER BY facility_types.position
    ) AS visits_covering
FROM groups
CROSS JOIN facility_types
LEFT JOIN on_record USING (facility_type)
LEFT JOIN cells ON cells.key = groups.key AND cells.facility_type = facility_types.facility_type
GROUP BY groups.key, groups.state, groups.year
ORDER BY groups.state, groups.year
