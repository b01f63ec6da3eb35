-- The date of the newest dated fact on record ("data as of") and the number of rows in each table.
SELECT
    (SELECT data_as_of FROM data_as_of) AS newest_fact_date,
    (SELECT count(*) FROM states) AS states,
    (SELECT count(*) FROM visits) AS visits,
    (SELECT count(*) FROM reports) AS reports,
    (SELECT count(*) FROM recommendations) AS recommendations,
    (SELECT count(*) FROM sources) AS sources
