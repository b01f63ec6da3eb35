-- One State party's profile: ratification, national preventive mechanism (NPM), Article 17 status and the sources behind them (primary first).
WITH sources AS (
    SELECT record_id AS iso3, source_urls, sources
    FROM record_source_lists
    WHERE record_type = 'state'
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
    coalesce(sources.source_urls, []) AS source_urls,
    coalesce(sources.sources, []) AS sources
FROM filtered_states({'region': NULL, 'state': $filters.state}) AS states
LEFT JOIN sources USING (iso3)
WHERE $filters.state IS NOT NULL
ORDER BY states.name
