-- Filtered visits on a time line, one row per visit or suspended part with the period it is known to lie in (month or year where the exact dates are unknown): the $limit most recent (default: all), with the counts of the whole selection and how many rows are left out.
WITH visits AS NOT MATERIALIZED (
    SELECT * FROM listed_visits($filters)
),

-- The whole selection, drawn or not: what the chart's note counts.
totals AS (
    SELECT
        count(*) FILTER (WHERE status <> 'suspended') AS visits_counted,
        count(*) FILTER (WHERE status = 'suspended') AS suspended_parts,
        count(*) FILTER (WHERE date_precision <> 'day') AS month_or_year_only,
        greatest(count(*) - coalesce($limit, count(*)), 0) AS rows_left_out
    FROM visits
),

-- The rows drawn: the most recent.
drawn AS (
    SELECT
        visit_id,
        state_name AS state,
        visit_type,
        status,
        confidence,
        date_precision,
        period_start,
        period_end,
        date_label
    FROM visits
    ORDER BY period_start DESC, visit_id DESC
    LIMIT $limit
)

SELECT drawn.*, totals.*
FROM drawn, totals
ORDER BY state, period_start, visit_id
