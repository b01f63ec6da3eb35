-- Each filtered visit (and suspended part) in full: dates as precisely as known, type, status, delegation, places visited, reports and sources.
WITH visits AS (
    SELECT * FROM filtered_visits_with_parts($from_year, $to_year, $region, $state, $visit_type)
),

delegation AS (
    SELECT
        visit_id,
        list(name || coalesce(' (' || nationality || ')', '') || CASE WHEN role = 'head' THEN ', head' ELSE '' END
            ORDER BY role = 'head' DESC, name) AS delegation
    FROM delegation_members
    GROUP BY visit_id
),

places AS (
    SELECT visit_id, list(facility_type ORDER BY facility_type) AS places
    FROM visit_places
    GROUP BY visit_id
),

reports AS (
    SELECT
        visit_id,
        list({
            'report_id': report_id,
            'symbol': report_symbol,
            'url': 'https://undocs.org/' || report_symbol,
            'addressee': addressee,
            'status': publication_status,
            'published_date': published_date
        } ORDER BY report_id) AS reports
    FROM report_facts
    GROUP BY visit_id
)

SELECT
    visits.visit_id,
    visits.iso3,
    visits.state_name AS state,
    visits.visit_type,
    visits.status,
    visits.counted_visit_id,
    visit_dates.date_label AS dates,
    delegation.delegation,
    places.places,
    reports.reports,
    coalesce(sources.source_urls, []) AS source_urls
FROM visits
JOIN visit_dates USING (visit_id)
LEFT JOIN delegation USING (visit_id)
LEFT JOIN places USING (visit_id)
LEFT JOIN reports USING (visit_id)
LEFT JOIN visit_source_lists AS sources USING (visit_id)
ORDER BY visits.state_name, visit_dates.period_start, visits.visit_id
