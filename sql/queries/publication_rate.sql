-- Publication rate: visits whose report was made public and reports published; overall, or by visit year, region, type or State ($by = all | year | region | type | state).
WITH cells AS (
    SELECT *
    FROM filtered_cells($filters)
),

grouped AS (
    SELECT
        CASE
            WHEN grouping(visit_year) = 0 THEN 'year'
            WHEN grouping(un_regional_group) = 0 THEN 'region'
            WHEN grouping(visit_type) = 0 THEN 'type'
            WHEN grouping(iso3) = 0 THEN 'state'
            ELSE 'all'
        END AS grouped_by,
        visit_year AS year,
        un_regional_group,
        visit_type,
        iso3,
        state_name AS state,
        coalesce(total(visits), 0) AS visits,
        coalesce(total(visits_published), 0) AS visits_published,
        coalesce(total(visits_not_published), 0) AS visits_not_published,
        coalesce(total(visits_status_unknown), 0) AS visits_status_unknown,
        coalesce(total(visits_no_report), 0) AS visits_no_report,
        total(reports) AS reports,
        total(reports_published) AS reports_published
    FROM cells
    GROUP BY GROUPING SETS (
        (), (visit_year), (un_regional_group), (visit_type), (iso3, state_name)
    )
)

-- The share counts only visits whose status is known: unknown is left out, not taken as "no".
SELECT
    grouped_by,
    year,
    un_regional_group,
    visit_type,
    iso3,
    state,
    visits,
    visits_published,
    visits_not_published,
    visits_status_unknown,
    visits_no_report,
    round(visits_published / nullif(visits_published + visits_not_published, 0), 4)
        AS share_published,
    CAST(reports AS BIGINT) AS reports,
    CAST(reports_published AS BIGINT) AS reports_published,
    -- The year of the newest fact on record is not over: its figures are partial.
    year >= (SELECT year(data_as_of) FROM data_as_of) AS partial_year
FROM grouped
WHERE grouped_by = coalesce($by, 'all')
ORDER BY year NULLS FIRST, un_regional_group NULLS FIRST, visit_type NULLS FIRST, state NULLS FIRST
