-- Recommendations per theme, one row per year of the visit they came from (one with several themes counts under each), with the number of recommendations counted for each year and the sample they come from (published reports with recommendations on record). Themes and recommendations are two lists side by side: each theme with any in the group, and how many.
WITH counts AS (
    SELECT *
    FROM recommendation_counts($filters)
),

per_year AS (
    SELECT visit_year, total(recommendations) AS year_recommendations, total(reports) AS year_reports
    FROM counts
    WHERE theme IS NULL
    GROUP BY visit_year
),

-- Each theme's recommendations in the year: one row per theme with any.
per_theme AS (
    SELECT visit_year, theme, total(recommendations) AS recommendations
    FROM counts
    WHERE theme IS NOT NULL
    GROUP BY ALL
)

SELECT
    visit_year AS year,
    any_value(per_year.year_recommendations) AS year_recommendations,
    any_value(per_year.year_reports) AS year_reports,
    sample.reports_published,
    sample.reports_with_recommendations,
    list(theme ORDER BY theme) AS themes,
    list(recommendations ORDER BY theme) AS recommendations
FROM per_theme
JOIN per_year USING (visit_year)
CROSS JOIN recommendation_sample($filters) AS sample
GROUP BY ALL
ORDER BY year
