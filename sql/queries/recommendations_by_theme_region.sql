-- Recommendations per theme, one row per UN regional group of the State (one with several themes counts under each), with the number of recommendations counted in each group and the sample they come from (published reports with recommendations on record). Themes and recommendations are two lists side by side: each theme with any in the group, and how many.
SELECT
    un_regional_group,
    group_recommendations,
    group_reports,
    reports_published,
    reports_with_recommendations,
    themes,
    recommendations
FROM recommendation_theme_lists($filters, 'region')
ORDER BY un_regional_group
