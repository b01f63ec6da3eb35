-- Records by confidence, per table: high (dates and status stated in a source read), medium, low.
WITH records AS (
    SELECT 1 AS position, 'states' AS records, confidence FROM states
    UNION ALL
    SELECT 2, 'visits', confidence FROM visits
    UNION ALL
    SELECT 3, 'reports', confidence FROM reports
    UNION ALL
    SELECT 4, 'recommendations', confidence FROM recommendations
)

SELECT
    records,
    count(*) AS total,
    count(*) FILTER (WHERE confidence = 'high') AS high,
    count(*) FILTER (WHERE confidence = 'medium') AS medium,
    count(*) FILTER (WHERE confidence = 'low') AS low
FROM records
GROUP BY records, position
ORDER BY position
