-- Share of visits (with known places) that covered each facility type: overall, or by year or region ($by = all | year | region).
-- The cells of the filtered visits (no facility type) and of their places (one row per type
-- covered).
WITH cells AS (
    SELECT visit_year, un_regional_group, NULL AS facility_type, visits_with_known_places,
        visits_places_unknown, NULL AS visits_covering
    FROM filtered_cells($filters)
    UNION ALL
    SELECT visit_year, un_regional_group, facility_type, NULL, NULL, visits_covering
    FROM filtered_place_cells($filters)
),

-- Per group: the visits with and without places on record (facility_type NULL), and the visits
-- that covered each type of place.
counts AS (
    SELECT
        CASE
            WHEN grouping(visit_year) = 0 THEN 'year'
            WHEN grouping(un_regional_group) = 0 THEN 'region'
            ELSE 'all'
        END AS grouped_by,
        visit_year AS year,
        un_regional_group,
        facility_type,
        total(visits_with_known_places) AS visits_with_known_places,
        total(visits_places_unknown) AS visits_places_unknown,
        total(visits_covering) AS visits_covering
    FROM cells
    GROUP BY GROUPING SETS (
        (facility_type), (facility_type, visit_year), (facility_type, un_regional_group)
    )
),

facility_types AS (
    SELECT DISTINCT facility_type FROM visit_places
),

-- Every type of place for every group that has visits (0 where none covered it).
grouped AS (
    SELECT
        g.grouped_by,
        g.year,
        g.un_regional_group,
        f.facility_type,
        coalesce(c.visits_covering, 0) AS visits_covering,
        g.visits_with_known_places,
        g.visits_places_unknown
    FROM counts AS g
    CROSS JOIN facility_types AS f
    LEFT JOIN counts AS c
        ON c.grouped_by = g.grouped_by
        AND c.year IS NOT DISTINCT FROM g.year
        AND c.un_regional_group IS NOT DISTINCT FROM g.un_regional_group
        AND c.facility_type = f.facility_type
    WHERE g.facility_type IS NULL
)

SELECT
    grouped_by,
    year,
    un_regional_group,
    facility_type,
    visits_covering,
    visits_with_known_places,
    round(visits_covering / nullif(visits_with_known_places, 0), 4) AS share,
    visits_places_unknown
FROM grouped
WHERE grouped_by = coalesce($by, 'all')
ORDER BY year NULLS FIRST, un_regional_group NULLS FIRST, facility_type
