-- Recommendations per theme, one row per year of the visit they came from (one with several themes counts under each), with the number of recommendations counted for each year and the sample they come from (published reports with recommendations on record). Themes and recommendations are two lists side by side: each theme with any in the group, and how many.
SELECT
    visit_year AS year,
    group_recommendations AS year_recommendations,
    group_reports AS year_reports,
    reports_published,
    reports_with_recommendations,
    themes,
    recommendations
FROM recommendation_theme_lists($filters, 'year')
ORDER BY year
