-- Cells: the counted visits summed per year, State and visit type, so that a page's aggregate
-- questions read a few thousand rows instead of every visit.

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
