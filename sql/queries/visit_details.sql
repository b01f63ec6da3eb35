-- Each filtered visit (and suspended part) in full: dates as precisely as known, type, status, confidence, delegation, places visited, reports and the sources of the visit and its reports (primary first); by State and date, $limit rows from $offset (default: all; list_totals counts them all).
-- The page's rows, read from visit_list in the list's order.
WITH shown AS (
    SELECT *
    FROM listed_visits($filters)
    ORDER BY state_name, period_start, visit_id
    LIMIT $limit OFFSET $offset
),

-- Everything below is looked up for the page's rows only.
delegation AS (
    SELECT
        visit_id,
        list(name || coalesce(' (' || nationality || ')', '') || CASE WHEN role = 'head' THEN ', head' ELSE '' END
            ORDER BY role = 'head' DESC, name) AS delegation
    FROM delegation_members
    SEMI JOIN shown USING (visit_id)
    GROUP BY visit_id
),

places AS (
    SELECT visit_id, list(facility_type ORDER BY facility_type) AS places
    FROM visit_places
    SEMI JOIN shown USING (visit_id)
    GROUP BY visit_id
),

shown_reports AS (
    SELECT * FROM report_facts SEMI JOIN shown USING (visit_id)
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
    FROM shown_reports
    GROUP BY visit_id
),

-- The records whose sources a visit lists: the visit itself and its reports.
records AS (
    SELECT visit_id, 'visit' AS record_type, visit_id AS record_id FROM shown
    UNION ALL
    SELECT visit_id, 'report', report_id FROM shown_reports
),

-- Their sources, each once (a report may rest on the visit's own source). Looked up by record id
-- alone, so that the index on it serves the lookup; each record's own list is then kept by its
-- type, in the select (a filter on the type would go down to the scan and turn it into a full one).
record_sources AS (
    SELECT DISTINCT
        records.visit_id,
        unnest(CASE WHEN lists.record_type = records.record_type THEN lists.sources END) AS source
    FROM records
    JOIN record_source_lists AS lists ON lists.record_id = records.record_id
),

sources AS (
    SELECT
        visit_id,
        -- Primary first (as record_source_lists), the copy read telling apart two of one address.
        list(source.url ORDER BY source_kind_rank(source.kind), source.publisher, source.url,
            source.read_url) AS source_urls,
        list(source ORDER BY source_kind_rank(source.kind), source.publisher, source.url,
            source.read_url) AS sources
    FROM record_sources
    GROUP BY visit_id
)

SELECT
    shown.visit_id,
    shown.iso3,
    shown.state_name AS state,
    shown.visit_type,
    shown.status,
    shown.counted_as.visit_id AS counted_visit_id,
    shown.confidence,
    shown.date_label AS dates,
    delegation.delegation,
    places.places,
    reports.reports,
    coalesce(sources.source_urls, []) AS source_urls,
    coalesce(sources.sources, []) AS sources
FROM shown
LEFT JOIN delegation USING (visit_id)
LEFT JOIN places USING (visit_id)
LEFT JOIN reports USING (visit_id)
LEFT JOIN sources USING (visit_id)
ORDER BY shown.state_name, shown.period_start, shown.visit_id
