-- Share of visits (with known places) that covered each facility type: overall, or by year or region ($by = all | year | region).
WITH visits AS (
    SELECT visit_year, un_regional_group, places_known
    FROM filtered_visits($from_year, $to_year, $region, $state, $visit_type)
),

-- The filtered visits of each group, with and without places on record (the same for every type).
visits_grouped AS (
    SELECT
        CASE
            WHEN grouping(visit_year) = 0 THEN 'year'
            WHEN grouping(un_regional_group) = 0 THEN 'region'
            ELSE 'all'
        END AS grouped_by,
        visit_year AS year,
        un_regional_group,
        count(*) FILTER (WHERE places_known) AS visits_with_known_places,
        count(*) FILTER (WHERE NOT places_known) AS visits_places_unknown
    FROM visits
    GROUP BY GROUPING SETS ((), (visit_year), (un_regional_group))
    HAVING count(*) > 0
),

-- The filtered visits of each group that covered each type of place.
covering AS (
    SELECT
        CASE
            WHEN grouping(visit_year) = 0 THEN 'year'
            WHEN grouping(un_regional_group) = 0 THEN 'region'
            ELSE 'all'
        END AS grouped_by,
        visit_year AS year,
        un_regional_group,
        facility_type,
        count(*) AS visits_covering
    FROM filtered_places($from_year, $to_year, $region, $state, $visit_type)
    GROUP BY GROUPING SETS (
        (facility_type), (facility_type, visit_year), (facility_type, un_regional_group)
    )
),

facility_types AS (
    SELECT DISTINCT facility_type FROM visit_places
),

grouped AS (
    SELECT
        g.grouped_by,
        g.year,
        g.un_regional_group,
        f.facility_type,
        coalesce(c.visits_covering, 0) AS visits_covering,
        g.visits_with_known_places,
        g.visits_places_unknown
    FROM visits_grouped AS g
    CROSS JOIN facility_types AS f
    LEFT JOIN covering AS c
        ON c.grouped_by = g.grouped_by
        AND c.year IS NOT DISTINCT FROM g.year
        AND c.un_regional_group IS NOT DISTINCT FROM g.un_regional_group
        AND c.facility_type = f.facility_type
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
