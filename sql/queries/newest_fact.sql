-- The date of the newest dated fact on record (a visit's start or end, a report event) and the number of rows in each table.
WITH dated AS (
    SELECT start_date AS fact_date FROM visits
    UNION ALL SELECT end_date FROM visits
    UNION ALL SELECT event_date FROM report_events
)

SELECT
    (SELECT max(fact_date) FROM dated) AS newest_fact_date,
    (SELECT count(*) FROM states) AS states,
    (SELECT count(*) FROM visits) AS visits,
    (SELECT count(*) FROM reports) AS reports,
    (SELECT count(*) FROM recommendations) AS recommendations,
    (SELECT count(*) FROM sources) AS sources
