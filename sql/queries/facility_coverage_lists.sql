-- Places visited, one row per State party or per year ($by = state | year; the matrix and places-by-year charts' rows, a few KB at any size): its filtered visits with known places and with places unknown, and visits_covering, how many covered each type of place, listed in the order of facility_types (NULL for a type no visit on record covers).
SELECT
    state,
    year,
    any_value(visits_with_known_places) AS visits_with_known_places,
    any_value(visits_places_unknown) AS visits_places_unknown,
    list(CASE WHEN on_record THEN coalesce(visits_covering, 0) END ORDER BY position)
        AS visits_covering
FROM place_coverage($filters, $by)
GROUP BY key, state, year
ORDER BY state, year
