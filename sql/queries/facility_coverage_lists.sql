-- Places visited, one row per State party or per year ($by = state | year; the matrix and places-by-year charts' rows, a few KB at any size): its filtered visits with known places and with places unknown, and visits_covering, how many covered each type of place, listed in the order of facility_types (NULL for a type no visit on record covers).
-- The key of a row: the State party or the year.
WITH visits AS (
    SELECT
        CASE WHEN $by = 'year' THEN CAST(visit_year AS VARCHAR) ELSE iso3 END AS key,
        count(*) FILTER (WHERE places_known) AS visits_with_known_places,
        count(*) FILTER (WHERE NOT places_known) AS visits_places_unknown
    FROM filtered_visits($filters)
    GROUP BY ALL
),

-- The visits that covered each type of place (a place on record is one visit and one type).
covering AS (
    SELECT
        CASE WHEN $by = 'year' THEN CAST(visit_year AS VARCHAR) ELSE iso3 END AS key,
        facility_type,
        count(*) AS visits_covering
    FROM filtered_places($filters)
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

-- The rows: every filtered State party (visited or not), or every year with a filtered visit.
groups AS (
    SELECT iso3 AS key, name AS state, NULL::BIGINT AS year
    FROM filtered_states($filters)
    WHERE coalesce($by, 'state') = 'state'
    UNION ALL
    SELECT key, NULL, CAST(key AS BIGINT)
    FROM visits
    WHERE $by = 'year'
)

SELECT
    groups.state,
    groups.year,
    coalesce(any_value(visits.visits_with_known_places), 0) AS visits_with_known_places,
    coalesce(any_value(visits.visits_places_unknown), 0) AS visits_places_unknown,
    list(
        CASE WHEN on_record.facility_type IS NOT NULL THEN coalesce(covering.visits_covering, 0) END
        ORDER BY facility_types.position
    ) AS visits_covering
FROM groups
CROSS JOIN facility_types
LEFT JOIN on_record USING (facility_type)
LEFT JOIN visits ON visits.key = groups.key
LEFT JOIN covering ON covering.key = groups.key AND covering.facility_type = facility_types.facility_type
GROUP BY groups.key, groups.state, groups.year
ORDER BY groups.state, groups.year
