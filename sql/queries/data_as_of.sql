-- The date of the newest fact in the database ("data as of"): the latest visit start or end date or report event date (planned visits are plans, not facts).
SELECT max(fact_date) AS data_as_of
FROM (
    SELECT start_date AS fact_date FROM visits WHERE status <> 'planned'
    UNION ALL
    SELECT end_date FROM visits WHERE status <> 'planned'
    UNION ALL
    SELECT event_date FROM report_events
)
