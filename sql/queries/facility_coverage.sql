-- Share of visits (with known places) that covered each facility type: overall, or by year or region ($by = all | year | region).
WITH visits AS (
    SELECT visit_id, visit_year, un_regional_group
    FROM filtered_visits($from_year, $to_year, $region, $state, $visit_type)
),

coverage AS (
    SELECT visits.*, visit_coverage.facility_type, visit_coverage.places_known, visit_coverage.covered
    FROM visits
    JOIN visit_coverage USING (visit_id)
),

grouped AS (
    SELECT
        CASE
            WHEN grouping(visit_year) = 0 THEN 'year'
            WHEN grouping(un_regional_group) = 0 THEN 'region'
            ELSE 'all'
        END AS grouped_by,
        visit_year AS year,
        un_regional_group,
        facility_type,
        count(*) FILTER (WHERE covered) AS visits_covering,
        count(*) FILTER (WHERE places_known) AS visits_with_known_places,
        count(*) FILTER (WHERE NOT places_known) AS visits_places_unknown
    FROM coverage
    GROUP BY GROUPING SETS (
        (facility_type), (facility_type, visit_year), (facility_type, un_regional_group)
    )
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
