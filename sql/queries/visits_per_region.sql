-- Visits per UN regional group, with the number of States parties in the group and how many were visited.
WITH cells AS (
    SELECT un_regional_group, iso3, visits
    FROM filtered_cells($filters)
),

parties AS (
    SELECT un_regional_group, count(*) AS states_parties
    FROM filtered_states($filters)
    GROUP BY ALL
)

SELECT
    parties.un_regional_group,
    coalesce(total(cells.visits), 0) AS visits,
    count(DISTINCT cells.iso3) AS states_visited,
    parties.states_parties
FROM parties
LEFT JOIN cells USING (un_regional_group)
GROUP BY ALL
ORDER BY visits DESC, parties.un_regional_group
