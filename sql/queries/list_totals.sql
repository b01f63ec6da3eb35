-- The totals of the lists shown a page at a time (the Reports page's table, a State's visits): how many filtered visits, how many of their suspended parts, both together (listed), and how many reports the visits have on record.
SELECT
    count(*) FILTER (WHERE status <> 'suspended') AS visits,
    count(*) FILTER (WHERE status = 'suspended') AS suspended_parts,
    count(*) AS listed,
    CAST(coalesce(sum(reports) FILTER (WHERE status <> 'suspended'), 0) AS BIGINT) AS reports
FROM listed_visits($filters)
