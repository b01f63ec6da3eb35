-- State × facility type: how many visits to each State party covered each type of place (0 where never).
WITH visits AS (
    SELECT iso3, total(visits_with_known_places) AS visits_with_known_places,
        total(visits_places_unknown) AS visits_places_unknown
    FROM filtered_cells($filters)
    GROUP BY iso3
),

covering AS (
    SELECT iso3, facility_type, total(visits_covering) AS visits_covering,
        max(visit_year) AS last_year_covered
    FROM filtered_place_cells($filters)
    GROUP BY ALL
),

facility_types AS (
    SELECT DISTINCT facility_type FROM visit_places
)

SELECT
    states.iso3,
    states.name AS state,
    states.un_regional_group,
    facility_types.facility_type,
    coalesce(covering.visits_covering, 0) AS visits_covering,
    coalesce(visits.visits_with_known_places, 0) AS visits_with_known_places,
    coalesce(visits.visits_places_unknown, 0) AS visits_places_unknown,
    covering.last_year_covered
FROM filtered_states($filters) AS states
CROSS JOIN facility_types
LEFT JOIN visits ON visits.iso3 = states.iso3
LEFT JOIN covering
    ON covering.iso3 = states.iso3 AND covering.facility_type = facility_types.facility_type
ORDER BY states.name, facility_types.facility_type
