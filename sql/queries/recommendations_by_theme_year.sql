-- Recommendations per theme, one row per year of the visit they came from (one with several themes counts under each), with the number of recommendations counted for each year and the sample they come from (published reports with recommendations on record). Themes and recommendations are two lists side by side: each theme with any in the group, and how many.
WITH matched AS (
    SELECT recommendation_id, report_id, themes, visit_year
    FROM filtered_recommendations(
        $from_year, $to_year, $region, $state, $visit_type,
        $theme, $addressee, $place_type, $affected_persons, $search
    )
),

per_year AS (
    SELECT visit_year, count(*) AS year_recommendations, count(DISTINCT report_id) AS year_reports
    FROM matched
    GROUP BY visit_year
),

-- Each theme's recommendations in the group: one row per theme with any.
per_theme AS (
    SELECT visit_year, theme, count(*) AS recommendations
    FROM (SELECT unnest(themes) AS theme, visit_year FROM matched)
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
CROSS JOIN recommendation_sample($from_year, $to_year, $region, $state, $visit_type) AS sample
GROUP BY ALL
ORDER BY year
