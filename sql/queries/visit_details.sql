-- Each filtered visit (and suspended part) in full: dates as precisely as known, type, status, confidence, delegation, places visited, reports and the sources of the visit and its reports (primary first).
WITH visits AS (
    SELECT * FROM filtered_visits_with_parts($from_year, $to_year, $region, $state, $visit_type)
),

delegation AS (
    SELECT
        visit_id,
        list(name || coalesce(' (' || nationality || ')', '') || CASE WHEN role = 'head' THEN ', head' ELSE '' END
            ORDER BY role = 'head' DESC, name) AS delegation
    FROM delegation_members
    SEMI JOIN visits USING (visit_id)  -- only the filtered visits' members are grouped
    GROUP BY visit_id
),

places AS (
    SELECT visit_id, list(facility_type ORDER BY facility_type) AS places
    FROM visit_places
    SEMI JOIN visits USING (visit_id)
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
            'published_date': published_date,
            'confidence': confidence
        } ORDER BY report_id) AS reports
    FROM report_facts
    SEMI JOIN visits USING (visit_id)
    GROUP BY visit_id
),

sources AS (
    SELECT
        visit_id,
        list(url ORDER BY kind_rank, publisher, url) AS source_urls,
        list({'url': url, 'read_url': read_url, 'kind': kind, 'publisher': publisher}
            ORDER BY kind_rank, publisher, url) AS sources
    FROM (
        -- The visit's own sources and those of its reports (UNION: each source once).
        SELECT v.visit_id, s.url, s.read_url, s.kind, s.publisher, s.kind_rank
        FROM visits AS v
        JOIN record_sources AS s ON s.record_type = 'visit' AND s.record_id = v.visit_id
        UNION
        SELECT v.visit_id, s.url, s.read_url, s.kind, s.publisher, s.kind_rank
        FROM visits AS v
        JOIN report_facts AS r ON r.visit_id = v.visit_id
        JOIN record_sources AS s ON s.record_type = 'report' AND s.record_id = r.report_id
    )
    GROUP BY visit_id
)

SELECT
    visits.visit_id,
    visits.iso3,
    visits.state_name AS state,
    visits.visit_type,
    visits.status,
    visits.counted_visit_id,
    visits.confidence,
    visit_dates.date_label AS dates,
    delegation.delegation,
    places.places,
    reports.reports,
    coalesce(sources.source_urls, []) AS source_urls,
    coalesce(sources.sources, []) AS sources
FROM visits
JOIN visit_dates USING (visit_id)
LEFT JOIN delegation USING (visit_id)
LEFT JOIN places USING (visit_id)
LEFT JOIN reports USING (visit_id)
LEFT JOIN sources USING (visit_id)
ORDER BY visits.state_name, visit_dates.period_start, visits.visit_id
