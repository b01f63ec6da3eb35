-- Visits started per year, by visit type (a year with no visit of a type shows 0).
WITH cells AS (
    SELECT visit_year, visit_type, visits
    FROM filtered_cells($filters)
),

-- Every year from the first to the last visit on record, narrowed by the year filter, so that a
-- year without visits shows as 0 rather than disappearing from the axis.
bounds AS (
    SELECT min(visit_year) AS first_year, max(visit_year) AS last_year
    FROM visit_cells
),

years AS (
    SELECT unnest(range(
        greatest(coalesce($filters.from_year, first_year), first_year),
        least(coalesce($filters.to_year, last_year), last_year) + 1
    )) AS year
    FROM bounds
),

visit_types AS (
    SELECT DISTINCT visit_type FROM cells
)

SELECT
    years.year,
    visit_types.visit_type,
    coalesce(total(cells.visits), 0) AS visits,
    -- The year of the newest fact on record is not over: its count is partial.
    years.year >= (SELECT year(data_as_of) FROM data_as_of) AS partial_year
FROM years
CROSS JOIN visit_types
LEFT JOIN cells
    ON cells.visit_year = years.year AND cells.visit_type = visit_types.visit_type
GROUP BY ALL
ORDER BY years.year, visit_types.visit_type
