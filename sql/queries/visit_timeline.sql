-- Filtered visits on a time line, one row per visit or suspended part with the period it is known to lie in (month or year where the exact dates are unknown): the $limit most recent (default: all), with the counts of the whole selection and how many rows are left out.
WITH visits AS (
    SELECT * FROM filtered_visits_with_parts($from_year, $to_year, $region, $state, $visit_type)
),

dated AS (
    SELECT
        visits.visit_id,
        visits.state_name AS state,
        visits.visit_type,
        visits.status,
        visits.confidence,
        visits.date_precision,
        visit_dates.period_start,
        visit_dates.period_end,
        visit_dates.date_label,
        row_number() OVER (ORDER BY visit_dates.period_start DESC, visits.visit_id DESC) AS recency
    FROM visits
    JOIN visit_dates USING (visit_id)
),

-- The whole selection, drawn or not: what the chart's note counts.
totals AS (
    SELECT
        count(*) FILTER (WHERE status <> 'suspended') AS visits_counted,
        count(*) FILTER (WHERE status = 'suspended') AS suspended_parts,
        count(*) FILTER (WHERE date_precision <> 'day') AS month_or_year_only,
        greatest(count(*) - coalesce($limit, count(*)), 0) AS rows_left_out
    FROM dated
)

SELECT dated.* EXCLUDE (recency), totals.*
FROM dated, totals
WHERE $limit IS NULL OR recency <= $limit
ORDER BY state, period_start, visit_id
