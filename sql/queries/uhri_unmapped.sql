-- UHRI themes and affected groups that data/uhri_mapping.csv did not know when their recommendations were imported, kept as UHRI wrote them: each with the number of recommendations that carry it. Empty when the mapping knows every value.
WITH unmapped AS (
    SELECT 'Themes' AS uhri_field, unnest(unmapped_themes) AS uhri_value, recommendation_id
    FROM recommendations
    UNION ALL
    SELECT 'AffectedPersons', unnest(unmapped_persons), recommendation_id
    FROM recommendations
)
SELECT uhri_field, uhri_value, count(DISTINCT recommendation_id) AS recommendations
FROM unmapped
GROUP BY ALL
ORDER BY uhri_field, uhri_value
