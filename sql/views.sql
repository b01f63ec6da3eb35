-- Shared definitions. Every named query in sql/queries/ builds on these; none re-derives them.
-- The per-visit and per-report facts are tables, computed once when the database is built (it is
-- never written after the build): a query after a filter change then reads them instead of
-- joining visits, places, reports and events again (1M visits: see benchmarks/scale.py). Each is
-- sorted so that the blocks a filter skips (by year, by State) hold few rows.

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

-- Each place on record with the facts of its visit that the filters read: a count of places of
-- the filtered visits is a scan, not a join.
CREATE TABLE place_facts AS
SELECT
    p.visit_id, p.facility_type, v.visit_year, v.iso3, v.un_regional_group, v.visit_type,
    v.counts_as_visit
FROM visit_places AS p
JOIN visit_facts AS v USING (visit_id)
ORDER BY v.visit_year, v.iso3, p.visit_id, p.facility_type;

-- The places of the filtered visits.
CREATE MACRO filtered_places(filters) AS TABLE
SELECT *
FROM place_facts
WHERE visit_matches(counts_as_visit, visit_year, un_regional_group, iso3, visit_type, filters);

-- The counted visits in cells of one year, State and visit type, with the counts that the
-- aggregate questions add up (visits, places known, publication, reports, the sample of
-- recommendations): a page's figures then sum a few thousand cells instead of reading every visit
-- (1M visits: about 5,000 cells). A visit lies in one cell, so a sum over cells counts each once.
CREATE TABLE visit_cells AS
WITH report_sample AS (
    -- Per visit: its published reports that have recommendations on record.
    SELECT r.visit_id, count(*) AS reports_with_recommendations
    FROM reports AS r
    SEMI JOIN recommendations AS rec USING (report_id)
    WHERE r.publication_status = 'published'
    GROUP BY r.visit_id
)
SELECT
    v.visit_year,
    v.iso3,
    v.state_name,
    v.un_regional_group,
    v.visit_type,
    count(*) AS visits,
    count(*) FILTER (WHERE v.places_known) AS visits_with_known_places,
    count(*) FILTER (WHERE NOT v.places_known) AS visits_places_unknown,
    count(*) FILTER (WHERE v.publication_status = 'published') AS visits_published,
    count(*) FILTER (WHERE v.publication_status = 'not-published') AS visits_not_published,
    count(*) FILTER (WHERE v.publication_status = 'unknown') AS visits_status_unknown,
    count(*) FILTER (WHERE v.publication_status = 'no report') AS visits_no_report,
    CAST(sum(v.reports) AS BIGINT) AS reports,
    CAST(sum(v.reports_published) AS BIGINT) AS reports_published,
    CAST(coalesce(sum(s.reports_with_recommendations), 0) AS BIGINT)
        AS reports_with_recommendations,
    -- The newest known date (end, else start) of the cell's visits: "years since the last visit".
    max(coalesce(v.end_date, v.start_date)) AS last_known_date
FROM visit_facts AS v
LEFT JOIN report_sample AS s USING (visit_id)
WHERE v.counts_as_visit
GROUP BY ALL
ORDER BY v.visit_year, v.iso3, v.visit_type;

-- The cells of the filtered visits.
CREATE MACRO filtered_cells(filters) AS TABLE
SELECT *
FROM visit_cells
WHERE visit_matches(true, visit_year, un_regional_group, iso3, visit_type, filters);

-- The same for places: per cell and type of place, the counted visits that covered it (a visit
-- covers a type once: visit_places has one row per visit and type).
CREATE TABLE place_cells AS
SELECT visit_year, iso3, un_regional_group, visit_type, facility_type, count(*) AS visits_covering
FROM place_facts
WHERE counts_as_visit
GROUP BY ALL
ORDER BY visit_year, iso3, visit_type, facility_type;

CREATE MACRO filtered_place_cells(filters) AS TABLE
SELECT *
FROM place_cells
WHERE visit_matches(true, visit_year, un_regional_group, iso3, visit_type, filters);

-- Planned visits (a plan, never counted as a visit): the few rows the State records list.
CREATE TABLE visit_plans AS
SELECT iso3, visit_id, visit_year, visit_type, start_date, approx_date
FROM visit_facts
WHERE status = 'planned'
ORDER BY iso3, visit_year, visit_id;

-- A sum over cells, as the BIGINT a count would give (DuckDB's sum of BIGINT is HUGEINT).
CREATE MACRO total(x) AS CAST(sum(x) AS BIGINT);

-- Time to publication: one observation per filtered visit, for a Kaplan-Meier estimate. Time runs
-- from the end of the visit. A visit whose report is not published is censored at as_of (it may
-- yet be). Left out: visits with no known end date, with an unknown publication status or no
-- report, and published ones whose publication date is unknown. The visits that can be counted are
-- a narrow table, their days to publication computed once; only the censored ones depend on as_of.
CREATE TABLE publication_facts AS
SELECT
    visit_id, visit_year, iso3, un_regional_group, visit_type, end_date,
    publication_status = 'published' AS published,
    CASE WHEN publication_status = 'published'
         THEN greatest(date_diff('day', end_date, first_published_date), 0) END AS published_days
FROM visit_facts
WHERE counts_as_visit
  AND end_date IS NOT NULL
  AND publication_status IN ('published', 'not-published')
  AND (publication_status = 'not-published' OR first_published_date IS NOT NULL)
ORDER BY visit_year, iso3, visit_id;

CREATE MACRO publication_observations(filters, as_of) AS TABLE
SELECT
    visit_id,
    iso3,
    coalesce(published_days, greatest(date_diff('day', end_date, as_of), 0)) AS days,
    published
FROM publication_facts
WHERE visit_matches(true, visit_year, un_regional_group, iso3, visit_type, filters);

-- The Kaplan-Meier curve of those observations: for each day with an event, the visits at risk,
-- published and censored, and the share published, 1 - S(t). With by_state the curve is drawn
-- for each State (iso3); otherwise for all the visits together (iso3 NULL).
-- Its 95% confidence band uses Greenwood's variance on the log(-log S) scale (the "exponential
-- Greenwood" band of R's survival with conf.type = "log-log", and of lifelines): it stays within
-- 0 and 1. Before the first publication it is 0 to 0; once every visit at risk is published,
-- 1 to 1 (as lifelines draws it).
CREATE MACRO publication_curve(filters, as_of, by_state) AS TABLE
WITH per_day AS (
    SELECT
        CASE WHEN by_state THEN iso3 END AS iso3,
        days,
        count(*) FILTER (WHERE published) AS published,
        count(*) FILTER (WHERE NOT published) AS censored
    FROM publication_observations(filters, as_of)
    GROUP BY ALL
),
at_risk AS (
    SELECT
        *,
        CAST(sum(published + censored) OVER (PARTITION BY iso3 ORDER BY days DESC) AS BIGINT)
            AS at_risk
    FROM per_day
),
steps AS (
    SELECT
        *,
        product(1 - published / at_risk) OVER w AS survival,
        sum(CASE WHEN published = 0 THEN 0.0
                 WHEN published < at_risk THEN published / (at_risk * (at_risk - published))
                 ELSE 'infinity'::DOUBLE END) OVER w AS greenwood
    FROM at_risk
    WINDOW w AS (PARTITION BY iso3 ORDER BY days)
)
SELECT
    iso3,
    days,
    at_risk,
    published,
    censored,
    1 - survival AS share_published,
    CASE WHEN survival = 1 THEN 0.0
         WHEN survival = 0 THEN 1.0
         WHEN isfinite(greenwood)
            THEN 1 - exp(-exp(ln(-ln(survival)) + 1.959963984540054 * sqrt(greenwood) / ln(survival)))
    END AS share_published_low,
    CASE WHEN survival = 1 THEN 0.0
         WHEN survival = 0 THEN 1.0
         WHEN isfinite(greenwood)
            THEN 1 - exp(-exp(ln(-ln(survival)) - 1.959963984540054 * sqrt(greenwood) / ln(survival)))
    END AS share_published_high
FROM steps;

-- Primary sources first: the position of a source kind in its vocabulary in sql/schema.sql (a test
-- checks that this list is that vocabulary, in that order).
CREATE MACRO source_kind_rank(kind) AS
    list_position(['un-primary', 'state-npm', 'ngo', 'news', 'mirror'], kind);

-- Every source behind every record, with its publisher and kind.
CREATE VIEW record_sources AS
SELECT l.record_type, l.record_id, s.*, source_kind_rank(s.kind) AS kind_rank
FROM source_links AS l
JOIN sources AS s USING (source_id);

-- Each record's sources as two lists, primary sources first: their canonical URLs, and each source
-- as {url, read_url, kind, publisher}. Sources that tie (one URL read at two addresses) come in
-- the order of their ids. Most records have one source, whose lists need no sorting (sorting
-- aggregates over millions of records take minutes).
CREATE TABLE record_source_lists AS
WITH counted AS (
    SELECT *, count(*) OVER (PARTITION BY record_type, record_id) AS n FROM record_sources
)
SELECT
    record_type,
    record_id,
    [url] AS source_urls,
    [{'url': url, 'read_url': read_url, 'kind': kind, 'publisher': publisher}] AS sources
FROM counted
WHERE n = 1
UNION ALL
SELECT
    record_type,
    record_id,
    list(url ORDER BY kind_rank, publisher, url, source_id),
    list({'url': url, 'read_url': read_url, 'kind': kind, 'publisher': publisher}
        ORDER BY kind_rank, publisher, url, source_id)
FROM counted
WHERE n > 1
GROUP BY ALL;

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

-- Recommendations --------------------------------------------------------------------------------

-- One row per recommendation with its report and the visit it came from. A recommendation is on
-- record only for reports that were read (a sample of the published reports, not all of them).
-- A table, not a view: the database is never written after the build, and every recommendation
-- query starts here (it saves two joins per query at scale).
CREATE TABLE recommendation_facts AS
SELECT
    r.*,
    rep.report_symbol,
    'https://undocs.org/' || rep.report_symbol AS report_url,
    v.visit_id,
    v.visit_year,
    v.iso3,
    v.state_name,
    v.un_regional_group,
    v.visit_type,
    v.counts_as_visit,
    -- The place of each in the list when not searching: by State, report and paragraph.
    row_number() OVER (ORDER BY v.state_name, r.report_id,
        TRY_CAST(regexp_extract(r.paragraph, '^\d+') AS INTEGER) NULLS LAST, r.recommendation_id)
        AS list_rank
FROM recommendations AS r
JOIN reports AS rep USING (report_id)
JOIN visit_facts AS v USING (visit_id)
ORDER BY r.recommendation_id;

-- Ranked search (BM25) over the token table that dashboard/search.py builds with the database.
-- search is a list of phrases, each a list of terms; a recommendation matches when it holds
-- every phrase, its terms at consecutive positions. Its score is the sum, over the distinct
-- terms of the search, of weight × tf / (tf + norm): weight = idf × (k1 + 1) per term, norm =
-- k1 × (1 - b + b × length / average length) per document, both computed at build time.
-- NULL or an empty list matches nothing.
CREATE MACRO search_scores(search) AS TABLE
WITH query AS (
    SELECT
        p, o, term, len(phrase) AS phrase_len,
        -- A term's first place in the search: its frequencies are counted once.
        row_number() OVER (PARTITION BY term ORDER BY p, o) = 1 AS first_use
    FROM unnest(CAST(search AS VARCHAR[][])) WITH ORDINALITY AS phrases(phrase, p),
         LATERAL (SELECT * FROM unnest(phrase) WITH ORDINALITY AS words(term, o))
),
hits AS (
    SELECT q.p, q.o, q.phrase_len, q.first_use, q.term, t.doc, t.position
    FROM query AS q
    JOIN search_postings AS t ON t.term = q.term
),
-- Documents holding each phrase: a one-word phrase wherever the word is; a longer one where its
-- words sit at consecutive positions.
phrase_matches AS (
    SELECT DISTINCT p, doc FROM hits WHERE phrase_len = 1
    UNION ALL
    SELECT DISTINCT p, doc
    FROM hits
    WHERE phrase_len > 1
    GROUP BY p, doc, position - o, phrase_len
    HAVING count(DISTINCT o) = phrase_len
),
matched AS (
    SELECT doc
    FROM phrase_matches
    GROUP BY doc
    HAVING count(*) = (SELECT count(DISTINCT p) FROM query)
),
frequencies AS (
    SELECT doc, term, count(*) AS tf
    FROM hits
    SEMI JOIN matched USING (doc)
    WHERE first_use
    GROUP BY ALL
)
SELECT
    d.recommendation_id,
    sum(s.weight * f.tf / (f.tf + d.norm)) AS score
FROM frequencies AS f
JOIN search_terms AS s USING (term)
JOIN search_documents AS d USING (doc)
GROUP BY d.recommendation_id;

-- The recommendations of the filtered visits that match the recommendation facets (theme,
-- addressee, place type, affected persons: any value of a list) and the search, with their
-- search score (NULL without a search). A NULL argument means "no filter".
CREATE MACRO filtered_recommendations(filters) AS TABLE
SELECT r.*, s.score
FROM recommendation_facts AS r
LEFT JOIN search_scores(filters['search']) AS s USING (recommendation_id)
WHERE visit_matches(
    r.counts_as_visit, r.visit_year, r.un_regional_group, r.iso3, r.visit_type, filters)
  AND (filters['theme'] IS NULL OR list_has_any(r.themes, filters['theme']))
  AND (filters['addressee'] IS NULL OR list_contains(filters['addressee'], r.addressee))
  AND (filters['place_type'] IS NULL OR list_contains(filters['place_type'], r.place_type))
  AND (filters['affected_persons'] IS NULL
    OR list_has_any(coalesce(r.affected_persons, []), filters['affected_persons']))
  AND (filters['search'] IS NULL OR s.recommendation_id IS NOT NULL);

-- Recommendations in cells of one year, State, visit type and theme (one with several themes is in
-- the cell of each; theme NULL: each recommendation once). A report lies in one visit, so its
-- distinct reports add up over cells.
CREATE TABLE recommendation_cells AS
WITH per_theme AS (
    SELECT visit_year, iso3, un_regional_group, visit_type, unnest(themes) AS theme, report_id
    FROM recommendation_facts
    WHERE counts_as_visit
    UNION ALL
    SELECT visit_year, iso3, un_regional_group, visit_type, NULL, report_id
    FROM recommendation_facts
    WHERE counts_as_visit
)
SELECT
    visit_year, iso3, un_regional_group, visit_type, theme,
    count(*) AS recommendations,
    count(DISTINCT report_id) AS reports
FROM per_theme
GROUP BY ALL
ORDER BY visit_year, iso3, visit_type, theme;

-- The recommendations of the filters counted per year, UN regional group and theme (theme NULL:
-- each recommendation once), with their distinct reports: additive over years and groups. From
-- the cells when no facet or search narrows the recommendations; else counted one by one.
CREATE MACRO recommendation_counts(filters) AS TABLE
WITH narrowed AS (
    SELECT NOT (filters['theme'] IS NULL AND filters['addressee'] IS NULL
        AND filters['place_type'] IS NULL AND filters['affected_persons'] IS NULL
        AND filters['search'] IS NULL) AS yes
),
matched AS (
    SELECT visit_year, un_regional_group, report_id, themes
    FROM filtered_recommendations(filters)
    WHERE (SELECT yes FROM narrowed)
),
one_by_one AS (
    SELECT visit_year, un_regional_group, theme, report_id
    FROM (SELECT *, unnest(themes) AS theme FROM matched)
    UNION ALL
    SELECT visit_year, un_regional_group, NULL, report_id
    FROM matched
)
SELECT visit_year, un_regional_group, theme, count(*) AS recommendations,
    count(DISTINCT report_id) AS reports
FROM one_by_one
GROUP BY ALL
UNION ALL
SELECT visit_year, un_regional_group, theme, total(recommendations), total(reports)
FROM recommendation_cells
WHERE NOT (SELECT yes FROM narrowed)
  AND visit_matches(true, visit_year, un_regional_group, iso3, visit_type, filters)
GROUP BY ALL;

-- The sample the recommendations come from: of the published reports of the filtered visits, how
-- many have recommendations on record. Every recommendation chart states it.
CREATE MACRO recommendation_sample(filters) AS TABLE
SELECT
    coalesce(total(reports_published), 0) AS reports_published,
    coalesce(total(reports_with_recommendations), 0) AS reports_with_recommendations
FROM filtered_cells(filters);

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
