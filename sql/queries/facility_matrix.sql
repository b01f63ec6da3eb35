-- State × facility type: how many visits to each State party covered each type of place (0 where never).
SELECT
    key AS iso3,
    state,
    un_regional_group,
    facility_type,
    coalesce(visits_covering, 0) AS visits_covering,
    visits_with_known_places,
    visits_places_unknown,
    last_year_covered
FROM place_coverage($filters, 'state')
WHERE on_record
ORDER BY state, facility_type
