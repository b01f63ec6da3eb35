-- Places visited, year by year, in one row per year (the chart's rows, a few KB at any size): the filtered visits with known places and with places unknown, and visits_covering, how many covered each type of place, listed in the order of facility_types (NULL for a type no visit on record covers).
WITH visits AS (
    SELECT visit_id, visit_year
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

cells AS (
    SELECT
        visits.visit_year,
        visit_coverage.facility_type,
        count(*) FILTER (WHERE visit_coverage.covered) AS visits_covering,
        count(*) FILTER (WHERE visit_coverage.places_known) AS visits_with_known_places,
        count(*) FILTER (WHERE NOT visit_coverage.places_known) AS visits_places_unknown
    FROM visits
    JOIN visit_coverage USING (visit_id)
    GROUP BY ALL
)

SELECT
    cells.visit_year AS year,
    max(cells.visits_with_known_places) AS visits_with_known_places,
    max(cells.visits_places_unknown) AS visits_places_unknown,
    list(cells.visits_covering ORDER BY facility_types.position) AS visits_covering
FROM (SELECT DISTINCT visit_year FROM cells) AS years
CROSS JOIN facility_types
LEFT JOIN cells USING (visit_year, facility_type)
GROUP BY ALL
ORDER BY year
