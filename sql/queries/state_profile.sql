-- One State party's profile: ratification, national preventive mechanism (NPM), Article 17 status and the sources behind them.
WITH sources AS (
    SELECT l.record_id AS iso3, list(s.url ORDER BY s.url) AS source_urls
    FROM source_links AS l
    JOIN sources AS s USING (source_id)
    WHERE l.record_type = 'state'
    GROUP BY ALL
)

SELECT
    states.iso3,
    states.name AS state,
    states.un_regional_group,
    states.opcat_signature_date,
    states.opcat_ratification_date,
    coalesce(strftime(states.opcat_ratification_date, '%Y-%m-%d'),
        'date unknown (' || states.opcat_ratification_approx || ')') AS ratification,
    states.npm_designated,
    states.npm_designation_year,
    states.npm_body,
    states.npm_type,
    states.on_art17_overdue_list,
    states.confidence,
    states.notes,
    coalesce(sources.source_urls, []) AS source_urls
FROM filtered_states(NULL, $state) AS states
LEFT JOIN sources USING (iso3)
WHERE $state IS NOT NULL
