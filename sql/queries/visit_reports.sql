-- Each filtered visit with its reports: publication status, publication date, confidence, a link to the report symbol on undocs.org and the visit's sources (a visit with no report on record has one row with no report); by State and date, $limit visits from $offset (default: all; list_totals counts them all).
-- The page's visits, read from visit_list in the list's order.
WITH shown AS (
    SELECT *
    FROM visit_list
    WHERE visit_matches(counts_as_visit, visit_year, un_regional_group, iso3, visit_type,
        $filters)
    ORDER BY state_name, period_start, visit_id
    LIMIT $limit OFFSET $offset
),

-- Their own sources. Looked up by record id alone, so that the index on it serves the lookup;
-- the visit's own record is then kept by its type, in the aggregate (a filter on the type would
-- go down to the scan and turn it into a full one).
sources AS (
    SELECT
        shown.visit_id,
        any_value(lists.source_urls) FILTER (WHERE lists.record_type = 'visit') AS source_urls
    FROM shown
    JOIN record_source_lists AS lists ON lists.record_id = shown.visit_id
    GROUP BY shown.visit_id
)

SELECT
    shown.visit_id,
    shown.iso3,
    shown.state_name AS state,
    shown.visit_year,
    shown.date_label AS dates,
    shown.visit_type,
    shown.publication_status AS visit_publication_status,
    report_facts.report_id,
    report_facts.report_symbol,
    report_facts.addressee,
    report_facts.publication_status AS report_publication_status,
    report_facts.confidence AS report_confidence,
    report_facts.transmitted_date,
    report_facts.published_date,
    'https://undocs.org/' || report_facts.report_symbol AS report_url,
    coalesce(sources.source_urls, []) AS source_urls
FROM shown
LEFT JOIN report_facts USING (visit_id)
LEFT JOIN sources USING (visit_id)
ORDER BY shown.state_name, shown.period_start, shown.visit_id, report_facts.report_id
