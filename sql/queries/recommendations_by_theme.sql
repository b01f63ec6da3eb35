-- Recommendations per theme (one with several themes counts under each), with the denominators: recommendations and reports counted, and of the published reports of the filtered visits how many have recommendations on record (a sample of the published reports, not all the SPT recommended).
WITH counts AS (
    SELECT *
    FROM recommendation_counts($filters)
),

per_theme AS (
    SELECT theme, total(recommendations) AS recommendations, total(reports) AS reports
    FROM counts
    WHERE theme IS NOT NULL
    GROUP BY theme
),

counted AS (
    SELECT
        coalesce(total(recommendations), 0) AS recommendations_counted,
        coalesce(total(reports), 0) AS reports_counted
    FROM counts
    WHERE theme IS NULL
)

SELECT per_theme.*, counted.*, sample.*
FROM per_theme
CROSS JOIN counted
CROSS JOIN recommendation_sample($filters) AS sample
ORDER BY per_theme.recommendations DESC, per_theme.theme
