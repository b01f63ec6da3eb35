-- The recommendations matching the filters, facets and search: summary, themes, addressee, the report (symbol, paragraph, undocs.org link) and the visit they came from; most relevant first when searching, else by State and report. matches is how many match in all; at most `limit` rows (default: all).
WITH matched AS (
    SELECT recommendation_id, score, list_rank
    FROM filtered_recommendations($filters)
),

-- The rows shown, ranked on the few columns the order needs; their text is read only for them.
shown AS (
    SELECT *
    FROM matched
    ORDER BY score DESC NULLS LAST, list_rank
    LIMIT $limit
),

sources AS (
    SELECT l.record_id AS recommendation_id, list(s.url ORDER BY s.url) AS source_urls
    FROM source_links AS l
    JOIN sources AS s USING (source_id)
    WHERE l.record_type = 'recommendation'
      AND l.record_id IN (SELECT recommendation_id FROM shown)
    GROUP BY ALL
)

SELECT
    r.recommendation_id,
    shown.score,
    (SELECT count(*) FROM matched) AS matches,
    r.summary,
    r.themes,
    r.addressee,
    r.place_type,
    r.affected_persons,
    r.report_id,
    r.report_symbol,
    r.paragraph,
    r.sub_item,
    r.report_url,
    r.visit_id,
    r.iso3,
    r.state_name AS state,
    r.visit_year,
    visit_dates.date_label AS visit_dates,
    r.confidence,
    coalesce(sources.source_urls, []) AS source_urls
FROM shown
JOIN recommendation_facts AS r USING (recommendation_id)
JOIN visit_dates USING (visit_id)
LEFT JOIN sources USING (recommendation_id)
ORDER BY shown.score DESC NULLS LAST, shown.list_rank
