-- The long lists, a page at a time, and the indexes of the lookups they make.

-- Lists, a page at a time ------------------------------------------------------------------------
-- The long lists (the Reports page's table, a State's visits) are shown a page at a time. A page
-- is read from visit_list, which holds the rows in the lists' order, so that the rest of the list
-- is skipped; the reports, sources, delegation and places of its rows alone are then looked up.

-- Every visit record (suspended parts and planned visits too) in the order the lists show them:
-- by State, then by when it took place (visit_dates), then by id. counted_as holds the facts of
-- the visit it counts as: itself, or for a suspended part the visit that resumed it (a part is
-- listed with that visit).
CREATE TABLE visit_list AS
SELECT
    v.visit_id,
    v.iso3,
    v.state_name,
    v.un_regional_group,
    v.visit_year,
    v.visit_type,
    v.status,
    v.counts_as_visit,
    v.confidence,
    v.date_precision,
    v.reports,
    v.publication_status,
    d.period_start,
    d.period_end,
    d.date_label,
    {
        'visit_id': coalesce(c.visit_id, v.visit_id),
        'counts_as_visit': coalesce(c.counts_as_visit, v.counts_as_visit),
        'visit_year': coalesce(c.visit_year, v.visit_year),
        'un_regional_group': coalesce(c.un_regional_group, v.un_regional_group),
        'iso3': coalesce(c.iso3, v.iso3),
        'visit_type': coalesce(c.visit_type, v.visit_type)
    } AS counted_as
FROM visit_facts AS v
JOIN visit_dates AS d USING (visit_id)
LEFT JOIN visit_facts AS c ON v.status = 'suspended' AND c.visit_id = v.related_visit_id
ORDER BY v.state_name, d.period_start, v.visit_id;

-- The rows of the lists for the dashboard's filters: the filtered visits and their suspended
-- parts (the rule tests/visit_parts.py writes out), in visit_list.
CREATE MACRO listed_visits(filters) AS TABLE
SELECT *
FROM visit_list
WHERE visit_matches(counted_as.counts_as_visit, counted_as.visit_year,
    counted_as.un_regional_group, counted_as.iso3, counted_as.visit_type, filters);

-- A page's reports and sources, looked up by the ids of its rows (DuckDB uses an index for a join
-- whose other side has at most 50 keys, its dynamic_or_filter_threshold: a page has at most 50).
CREATE INDEX report_facts_by_visit ON report_facts (visit_id);

CREATE INDEX record_source_lists_by_record ON record_source_lists (record_id);
