-- The recommendations matching the filters, facets and search: summary, themes, addressee, the report (symbol, paragraph, undocs.org link) and the visit they came from; most relevant first when searching, else by State and report. matches is how many match in all; at most `limit` rows (default: all).
WITH matched AS (
    SELECT * FROM filtered_recommendations(
        $from_year, $to_year, $region, $state, $visit_type,
        $theme, $addressee, $place_type, $affected_persons, $search
    )
),

sources AS (
    SELECT l.record_id AS recommendation_id, list(s.url ORDER BY s.url) AS source_urls
    FROM source_links AS l
    JOIN sources AS s USING (source_id)
    WHERE l.record_type = 'recommendation'
    GROUP BY ALL
)

SELECT
    matched.recommendation_id,
    matched.score,
    count(*) OVER () AS matches,
    matched.summary,
    matched.themes,
    matched.addressee,
    matched.place_type,
    matched.affected_persons,
    matched.report_id,
    matched.report_symbol,
    matched.paragraph,
    matched.sub_item,
    matched.report_url,
    matched.visit_id,
    matched.iso3,
    matched.state_name AS state,
    matched.visit_year,
    visit_dates.date_label AS visit_dates,
    matched.confidence,
    coalesce(sources.source_urls, []) AS source_urls
FROM matched
JOIN visit_dates USING (visit_id)
LEFT JOIN sources USING (recommendation_id)
ORDER BY
    matched.score DESC NULLS LAST,
    matched.state_name,
    matched.report_id,
    TRY_CAST(regexp_extract(matched.paragraph, '^\d+') AS INTEGER) NULLS LAST,
    matched.recommendation_id
LIMIT $limit
