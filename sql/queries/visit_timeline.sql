-- Every filtered visit on a time line, one row per visit or suspended part, with the period it is known to lie in (month or year where the exact dates are unknown).
WITH visits AS (
    SELECT * FROM filtered_visits_with_parts($from_year, $to_year, $region, $state, $visit_type)
)

SELECT
    visits.visit_id,
    visits.iso3,
    visits.state_name AS state,
    visits.un_regional_group,
    visits.visit_type,
    visits.status,
    CASE visits.status
        WHEN 'completed' THEN 'Completed'
        WHEN 'terminated' THEN 'Terminated (halted, not resumed)'
        WHEN 'suspended' THEN 'Suspended (resumed later)'
    END AS status_label,
    visits.counted_visit_id,
    visits.confidence,
    visits.date_precision,
    visit_dates.period_start,
    visit_dates.period_end,
    visit_dates.date_label
FROM visits
JOIN visit_dates USING (visit_id)
ORDER BY visits.state_name, visit_dates.period_start, visits.visit_id
