-- Recommendations per theme, one row per UN regional group of the State (one with several themes counts under each), with the number of recommendations counted in each group and the sample they come from (published reports with recommendations on record). Themes and recommendations are two lists side by side: each theme with any in the group, and how many.
WITH counts AS (
    SELECT *
    FROM recommendation_counts($filters)
),

per_group AS (
    SELECT un_regional_group, total(recommendations) AS group_recommendations, total(reports) AS group_reports
    FROM counts
    WHERE theme IS NULL
    GROUP BY un_regional_group
),

-- Each theme's recommendations in the group: one row per theme with any.
per_theme AS (
    SELECT un_regional_group, theme, total(recommendations) AS recommendations
    FROM counts
    WHERE theme IS NOT NULL
    GROUP BY ALL
)

SELECT
    un_regional_group,
    any_value(per_group.group_recommendations) AS group_recommendations,
    any_value(per_group.group_reports) AS group_reports,
    sample.reports_published,
    sample.reports_with_recommendations,
    list(theme ORDER BY theme) AS themes,
    list(recommendations ORDER BY theme) AS recommendations
FROM per_theme
JOIN per_group USING (un_regional_group)
CROSS JOIN recommendation_sample($filters) AS sample
GROUP BY ALL
ORDER BY un_regional_group
