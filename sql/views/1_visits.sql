-- Shared definitions. Every named query in sql/queries/ builds on these; none re-derives them.
-- The per-visit and per-report facts are tables, computed once when the database is built (it is
-- never written after the build): a query after a filter change then reads them instead of
-- joining visits, places, reports and events again (1M visits: see benchmarks/scale.py). Each is
-- sorted so that the blocks a filter skips (by year, by State) hold few rows.
--
-- The files of sql/views/ run in the order of their names; each builds on those before it.
-- This one: the facts of each visit and report, and the filters every query applies.

-- One row per report with its dated events side by side (the events grouped per report first:
-- grouping the reports by all their columns is slow at scale).
CREATE TABLE report_facts AS
WITH events AS (
    SELECT
        report_id,
        max(event_date) FILTER (WHERE event = 'transmitted') AS transmitted_date,
        max(event_date) FILTER (WHERE event = 'publication-requested') AS publication_requested_date,
        max(event_date) FILTER (WHERE event = 'published') AS published_date
    FROM report_events
    GROUP BY report_id
)
SELECT r.*, e.transmitted_date, e.publication_requested_date, e.published_date
FROM reports AS r
LEFT JOIN events AS e USING (report_id)
ORDER BY r.visit_id, r.report_id;

-- Whether each visit's findings were made public: published when any of its reports was;
-- not published when a report is known and none was published; unknown when the only
-- reports on record have an unknown status; 'no report' when none is on record.
CREATE TABLE visit_publication AS
SELECT
    v.visit_id,
    count(r.report_id) AS reports,
    count(r.report_id) FILTER (WHERE r.publication_status = 'published') AS reports_published,
    CASE
        WHEN count(r.report_id) = 0 THEN 'no report'
        WHEN bool_or(r.publication_status = 'published') THEN 'published'
        WHEN bool_or(r.publication_status = 'not-published') THEN 'not-published'
        ELSE 'unknown'
    END AS publication_status,
    min(r.published_date) AS first_published_date
FROM visits AS v
LEFT JOIN report_facts AS r USING (visit_id)
GROUP BY v.visit_id
ORDER BY v.visit_id;

-- One row per visit, with the facts every question needs.
-- The visit's year is the year it started; where only the month or year is known, the year of
-- approx_date; where only the end date is known, its year.
-- Counting rule: a visit counts when it took place, completed or terminated (halted and never
-- resumed). A suspended part is not a visit of its own: it is counted once, as the visit that
-- resumed it. Planned, not-held and unconfirmed visits are not visits. High-level talks that took
-- place are not visits either, as the SPT counts them (its 2025 statement: four visits, beside the
-- talks in Kyrgyzstan): held_talks marks them, and the pages count them beside the visits.
CREATE TABLE visit_facts AS
SELECT
    v.*,
    coalesce(year(v.start_date), year(v.end_date), CAST(left(v.approx_date, 4) AS INTEGER))
        AS visit_year,
    s.name AS state_name,
    s.un_regional_group,
    v.status IN ('completed', 'terminated') AND v.visit_type <> 'high-level-talks'
        AS counts_as_visit,
    v.status IN ('completed', 'terminated') AND v.visit_type = 'high-level-talks' AS held_talks,
    -- Its reports and whether its findings were made public (visit_publication).
    p.reports,
    p.reports_published,
    p.publication_status,
    p.first_published_date,
    -- Whether any place it visited is on record (visit_places).
    v.visit_id IN (SELECT visit_id FROM visit_places) AS places_known
FROM visits AS v
JOIN states AS s USING (iso3)
JOIN visit_publication AS p USING (visit_id)
ORDER BY visit_year, iso3, visit_id;

-- The filters ---------------------------------------------------------------------------------------
-- A named query takes the dashboard's filters as one value, $filters: a STRUCT whose fields are
-- named as in the URL and in dashboard/query/filters.py (from_year, to_year, region, state,
-- visit_type; the recommendation facets theme, addressee, place_type, affected_persons, and search,
-- the search as a list of phrases). A NULL field is no filter. The macros below take it whole as
-- `filters`; inside a macro a field is read filters['name'] (a macro's parameter cannot be dotted).

-- Whether a visit matches the dashboard's filters (the rule of filtered_visits and
-- filtered_places).
CREATE MACRO visit_matches(
    counts_as_visit, visit_year, un_regional_group, iso3, visit_type, filters
) AS counts_as_visit
  AND (filters['from_year'] IS NULL OR visit_year >= filters['from_year'])
  AND (filters['to_year'] IS NULL OR visit_year <= filters['to_year'])
  AND (filters['region'] IS NULL OR list_contains(filters['region'], un_regional_group))
  AND (filters['state'] IS NULL OR list_contains(filters['state'], iso3))
  AND (filters['visit_type'] IS NULL OR list_contains(filters['visit_type'], visit_type));

-- The counted visits that match the dashboard's filters. Region, State and type are lists (a visit
-- matches any value of a list).
CREATE MACRO filtered_visits(filters) AS TABLE
SELECT *
FROM visit_facts
WHERE visit_matches(counts_as_visit, visit_year, un_regional_group, iso3, visit_type, filters);

-- States parties matching the region and State filters (years and visit type do not apply).
CREATE MACRO filtered_states(filters) AS TABLE
SELECT *
FROM states
WHERE (filters['region'] IS NULL OR list_contains(filters['region'], un_regional_group))
  AND (filters['state'] IS NULL OR list_contains(filters['state'], iso3));

-- The filters without their years (a State's record looks at every year to find its last visit).
CREATE MACRO all_years(filters) AS
    {'from_year': NULL, 'to_year': NULL, 'region': filters['region'], 'state': filters['state'],
     'visit_type': filters['visit_type']};

-- Planned visits (a plan, never counted as a visit): the few rows the State records list.
CREATE TABLE visit_plans AS
SELECT iso3, visit_id, visit_year, visit_type, start_date, approx_date
FROM visit_facts
WHERE status = 'planned'
ORDER BY iso3, visit_year, visit_id;

-- A sum over cells, as the BIGINT a count would give (DuckDB's sum of BIGINT is HUGEINT).
CREATE MACRO total(x) AS CAST(sum(x) AS BIGINT);

-- When each visit took place, as precisely as it is known. period_start and period_end bound the
-- time the visit lies in: its exact dates where known, otherwise the whole month or year of
-- approx_date (narrowed by a known end date). No day is invented: date_label says "date unknown".
CREATE TABLE visit_dates AS
WITH approx AS (
    SELECT
        visit_id,
        CASE WHEN length(approx_date) = 7 THEN CAST(approx_date || '-01' AS DATE)
             WHEN length(approx_date) = 4 THEN CAST(approx_date || '-01-01' AS DATE) END AS approx_start,
        CASE WHEN length(approx_date) = 7 THEN CAST(approx_date || '-01' AS DATE) + INTERVAL 1 MONTH - INTERVAL 1 DAY
             WHEN length(approx_date) = 4 THEN CAST(approx_date || '-12-31' AS DATE) END AS approx_end
    FROM visits
)
SELECT
    v.visit_id,
    CAST(coalesce(v.start_date, a.approx_start) AS DATE) AS period_start,
    CAST(coalesce(v.end_date, v.start_date, a.approx_end) AS DATE) AS period_end,
    CASE
        WHEN v.date_precision = 'day' AND v.end_date IS NOT NULL
            THEN strftime(v.start_date, '%Y-%m-%d') || ' to ' || strftime(v.end_date, '%Y-%m-%d')
        WHEN v.date_precision = 'day' THEN 'from ' || strftime(v.start_date, '%Y-%m-%d') || ' (end date unknown)'
        WHEN v.end_date IS NOT NULL
            THEN 'date unknown (' || v.approx_date || '), ended ' || strftime(v.end_date, '%Y-%m-%d')
        ELSE 'date unknown (' || v.approx_date || ')'
    END AS date_label
FROM visits AS v
JOIN approx AS a USING (visit_id)
ORDER BY v.visit_id;

-- "Data as of": the newest dated fact on record, a visit's start or end or a report event.
-- Planned visits are plans, not facts.
CREATE TABLE data_as_of AS
SELECT max(fact_date) AS data_as_of
FROM (
    SELECT start_date AS fact_date FROM visits WHERE status <> 'planned'
    UNION ALL
    SELECT end_date FROM visits WHERE status <> 'planned'
    UNION ALL
    SELECT event_date FROM report_events
);
