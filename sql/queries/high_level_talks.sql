-- High-level talks that took place, matching the filters: not counted as visits (the SPT does not count them), listed beside them. One row each, by date.
SELECT
    visit_facts.visit_id,
    visit_facts.iso3,
    visit_facts.state_name,
    visit_facts.visit_year,
    visit_dates.date_label
FROM visit_facts
JOIN visit_dates USING (visit_id)
WHERE visit_matches(held_talks, visit_year, un_regional_group, iso3, visit_type,
    $filters)
ORDER BY visit_dates.period_start, visit_facts.visit_id
