-- Each filtered visit with its reports: publication status, publication date, confidence, a link to the report symbol on undocs.org and the visit's sources (a visit with no report on record has one row with no report).
WITH visits AS (
    SELECT * FROM filtered_visits($from_year, $to_year, $region, $state, $visit_type)
)

SELECT
    visits.visit_id,
    visits.iso3,
    visits.state_name AS state,
    visits.visit_year,
    visit_dates.date_label AS dates,
    visits.visit_type,
    visits.publication_status AS visit_publication_status,
    report_facts.report_id,
    report_facts.report_symbol,
    report_facts.addressee,
    report_facts.publication_status AS report_publication_status,
    report_facts.confidence AS report_confidence,
    report_facts.transmitted_date,
    report_facts.published_date,
    'https://undocs.org/' || report_facts.report_symbol AS report_url,
    coalesce(sources.source_urls, []) AS source_urls
FROM visits
JOIN visit_dates USING (visit_id)
LEFT JOIN report_facts USING (visit_id)
LEFT JOIN visit_source_lists AS sources USING (visit_id)
ORDER BY visits.state_name, visit_dates.period_start, visits.visit_id, report_facts.report_id
