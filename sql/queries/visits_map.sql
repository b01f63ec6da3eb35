-- Every State party with its number of filtered visits, for the world map, the visited ones in three bins cut at the thirds of their counts (1 visit, 2 visits, 3 or more on the SPT's own numbers): in_selection is false for States parties outside the region and State filters; "never visited" only for States parties with no visit at all, "not visited in 2016–2026" for those with none in the selected years or types.
WITH visits AS (
    SELECT iso3, total(visits) AS visits
    FROM filtered_cells($filters)
    GROUP BY iso3
),

selected AS (
    SELECT iso3 FROM filtered_states($filters)
),

ever_visited AS (
    SELECT DISTINCT iso3 FROM visit_cells
),

-- The years the selection covers, in words: the year filter, or the years of the visits on record.
years AS (
    SELECT coalesce($filters.from_year, min(visit_year)) || '–' || coalesce($filters.to_year, max(visit_year))
        AS years
    FROM visit_cells
),

-- Three bins of the visited States parties, cut at the thirds of their counts, the lowest cuts
-- 1 and 2: on the SPT's own numbers that is 1 visit, 2 visits and 3 or more; on an NPM's
-- thousands of visits the bins still tell the States apart.
thirds AS (
    SELECT quantile_disc(v.visits, [1 / 3, 2 / 3]) AS q
    FROM visits AS v
    JOIN selected USING (iso3)
    WHERE v.visits > 0
),

cuts AS (
    SELECT low, greatest(q[2], low + 1) AS high
    FROM (SELECT q, greatest(q[1], 1) AS low FROM thirds)
),

categorised AS (
    SELECT
        states.iso3,
        states.name AS state,
        states.un_regional_group,
        selected.iso3 IS NOT NULL AS in_selection,
        coalesce(visits.visits, 0) AS visits,
        CASE
            WHEN visits.visits > cuts.high THEN 1
            WHEN visits.visits > cuts.low THEN 2
            WHEN visits.visits >= 1 THEN 3
            WHEN selected.iso3 IS NULL THEN 6
            WHEN ever_visited.iso3 IS NOT NULL THEN 4
            ELSE 5
        END AS category_rank
    FROM states
    LEFT JOIN selected USING (iso3)
    LEFT JOIN visits USING (iso3)
    LEFT JOIN ever_visited USING (iso3)
    CROSS JOIN cuts
)

SELECT
    categorised.*,
    CASE category_rank
        WHEN 1 THEN format('{:,} or more visits', high + 1)
        WHEN 2 THEN CASE WHEN high = low + 1 THEN format('{:,} visits', high)
            ELSE format('{:,}–{:,} visits', low + 1, high) END
        WHEN 3 THEN CASE WHEN low = 1 THEN '1 visit' ELSE format('1–{:,} visits', low) END
        WHEN 4 THEN CASE WHEN $filters.visit_type IS NULL THEN 'Not visited in ' ELSE 'No visit of these types in ' END
            || years.years
        WHEN 5 THEN 'Never visited'
        ELSE 'State party outside the filters'
    END AS category
FROM categorised, years, cuts
ORDER BY state
