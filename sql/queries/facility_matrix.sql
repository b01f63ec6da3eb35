-- State × facility type: how many visits to each State party covered each type of place (0 where never).
WITH visits AS (
    SELECT visit_id, iso3, visit_year
    FROM filtered_visits($from_year, $to_year, $region, $state, $visit_type)
),

coverage AS (
    SELECT visits.iso3, visits.visit_year, visit_coverage.*
    FROM visits
    JOIN visit_coverage USING (visit_id)
),

facility_types AS (
    SELECT DISTINCT facility_type FROM visit_places
)

SELECT
    states.iso3,
    states.name AS state,
    states.un_regional_group,
    facility_types.facility_type,
    count(coverage.visit_id) FILTER (WHERE coverage.covered) AS visits_covering,
    count(coverage.visit_id) FILTER (WHERE coverage.places_known) AS visits_with_known_places,
    count(coverage.visit_id) FILTER (WHERE NOT coverage.places_known) AS visits_places_unknown,
    max(coverage.visit_year) FILTER (WHERE coverage.covered) AS last_year_covered
FROM filtered_states($region, $state) AS states
CROSS JOIN facility_types
LEFT JOIN coverage
    ON coverage.iso3 = states.iso3 AND coverage.facility_type = facility_types.facility_type
GROUP BY ALL
ORDER BY states.name, facility_types.facility_type
