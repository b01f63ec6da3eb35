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
),

on_record AS (
    SELECT
        count(*) FILTER (WHERE r.publication_status = 'published') AS reports_published,
        count(*) FILTER (WHERE r.publication_status = 'published' AND w.report_id IS NOT NULL)
            AS reports_with_recommendations
    FROM filtered_visits($from_year, $to_year, $region, $state, $visit_type) AS v
    JOIN reports AS r USING (visit_id)
    LEFT JOIN (SELECT DISTINCT report_id FROM recommendations) AS w USING (report_id)
)

SELECT per_theme.*, counted.*, on_record.*
FROM per_theme
CROSS JOIN counted
CROSS JOIN on_record
ORDER BY per_theme.recommendations DESC, per_theme.theme
