-- Recommendations per theme (one with several themes counts under each), with the denominators: recommendations and reports counted, and of the published reports of the filtered visits how many have recommendations on record (a sample of the published reports, not all the SPT recommended).
WITH matched AS (
    SELECT recommendation_id, report_id, themes
    FROM filtered_recommendations(
        $from_year, $to_year, $region, $state, $visit_type,
        $theme, $addressee, $place_type, $affected_persons, $search
    )
),

per_theme AS (
    SELECT theme, count(*) AS recommendations, count(DISTINCT report_id) AS reports
    FROM (SELECT unnest(themes) AS theme, report_id FROM matched)
    GROUP BY theme
),

counted AS (
    SELECT count(*) AS recommendations_counted, count(DISTINCT report_id) AS reports_counted
    FROM matched
)

SELECT per_theme.*, counted.*, sample.*
FROM per_theme
CROSS JOIN counted
CROSS JOIN recommendation_sample($from_year, $to_year, $region, $state, $visit_type) AS sample
ORDER BY per_theme.recommendations DESC, per_theme.theme
