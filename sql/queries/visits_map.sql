-- Every State party with its number of filtered visits, for the world map: in_selection is false for States parties outside the region and State filters.
WITH visits AS (
    SELECT iso3, count(*) AS visits
    FROM filtered_visits($from_year, $to_year, $region, $state, $visit_type)
    GROUP BY iso3
),

selected AS (
    SELECT iso3 FROM filtered_states($region, $state)
)

SELECT
    states.iso3,
    states.name AS state,
    states.un_regional_group,
    selected.iso3 IS NOT NULL AS in_selection,
    coalesce(visits.visits, 0) AS visits,
    CASE
        WHEN selected.iso3 IS NULL THEN 'State party outside the filters'
        WHEN visits.visits IS NULL THEN 'State party, not visited'
        WHEN visits.visits = 1 THEN '1 visit'
        WHEN visits.visits = 2 THEN '2 visits'
        ELSE '3 or more visits'
    END AS category
FROM states
LEFT JOIN selected USING (iso3)
LEFT JOIN visits USING (iso3)
ORDER BY states.name
