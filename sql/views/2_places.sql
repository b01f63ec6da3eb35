-- The places each visit covered, and the coverage per State party or per year that the places
-- charts and the matrix table read.

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

-- Places visited, per State party (grouped_by 'state': every filtered State party, visited or
-- not) or per year of visit (grouped_by 'year': every year with a filtered visit), one row per
-- type of place: the row's filtered visits with known places and with places unknown, how many of
-- them covered the type (NULL: none) and the last year one did; on_record says whether any visit
-- on record covered the type at all. The places charts' list query and the matrix table read it.
CREATE MACRO place_coverage(filters, grouped_by) AS TABLE
WITH visits AS (
    SELECT
        CASE WHEN grouped_by = 'year' THEN CAST(visit_year AS VARCHAR) ELSE iso3 END AS key,
        count(*) FILTER (WHERE places_known) AS visits_with_known_places,
        count(*) FILTER (WHERE NOT places_known) AS visits_places_unknown
    FROM filtered_visits(filters)
    GROUP BY ALL
),
-- The visits that covered each type of place (a place on record is one visit and one type).
covering AS (
    SELECT
        CASE WHEN grouped_by = 'year' THEN CAST(visit_year AS VARCHAR) ELSE iso3 END AS key,
        facility_type,
        count(*) AS visits_covering,
        max(visit_year) AS last_year_covered
    FROM filtered_places(filters)
    GROUP BY ALL
),
-- Every type of place, in the order of the CHECK in sql/schema.sql and of labels.FACILITY_TYPE.
facility_types AS (
    SELECT *
    FROM (VALUES
        (1, 'prison'), (2, 'pretrial-detention'), (3, 'police'), (4, 'immigration-detention'),
        (5, 'psychiatric'), (6, 'juvenile'), (7, 'social-care'), (8, 'military'), (9, 'other')
    ) AS t (position, facility_type)
),
on_record AS (
    SELECT DISTINCT facility_type FROM visit_places
),
groups AS (
    SELECT iso3 AS key, name AS state, un_regional_group, NULL::BIGINT AS year
    FROM filtered_states(filters)
    WHERE coalesce(grouped_by, 'state') = 'state'
    UNION ALL
    SELECT key, NULL, NULL, CAST(key AS BIGINT)
    FROM visits
    WHERE grouped_by = 'year'
)
SELECT
    groups.key,
    groups.state,
    groups.un_regional_group,
    groups.year,
    facility_types.position,
    facility_types.facility_type,
    on_record.facility_type IS NOT NULL AS on_record,
    coalesce(visits.visits_with_known_places, 0) AS visits_with_known_places,
    coalesce(visits.visits_places_unknown, 0) AS visits_places_unknown,
    covering.visits_covering,
    covering.last_year_covered
FROM groups
CROSS JOIN facility_types
LEFT JOIN on_record USING (facility_type)
LEFT JOIN visits ON visits.key = groups.key
LEFT JOIN covering
    ON covering.key = groups.key AND covering.facility_type = facility_types.facility_type;
