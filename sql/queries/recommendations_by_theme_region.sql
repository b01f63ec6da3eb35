-- Recommendations per theme and UN regional group of the State (one with several themes counts under each), with the number of recommendations counted in each group and the sample they come from (published reports with recommendations on record).
WITH matched AS (
    SELECT recommendation_id, report_id, themes, un_regional_group
    FROM filtered_recommendations(
        $from_year, $to_year, $region, $state, $visit_type,
        $theme, $addressee, $place_type, $affected_persons, $search
    )
),

per_group AS (
    SELECT un_regional_group, count(*) AS group_recommendations, count(DISTINCT report_id) AS group_reports
    FROM matched
    GROUP BY un_regional_group
)

SELECT
    theme,
    un_regional_group,
    count(*) AS recommendations,
    any_value(per_group.group_recommendations) AS group_recommendations,
    any_value(per_group.group_reports) AS group_reports,
    count(*) / any_value(per_group.group_recommendations) AS share,
    sample.reports_published,
    sample.reports_with_recommendations
FROM (SELECT unnest(themes) AS theme, un_regional_group FROM matched)
JOIN per_group USING (un_regional_group)
CROSS JOIN recommendation_sample($from_year, $to_year, $region, $state, $visit_type) AS sample
GROUP BY ALL
ORDER BY theme, un_regional_group
