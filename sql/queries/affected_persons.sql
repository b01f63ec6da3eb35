-- The affected persons named in the recommendations on record, with how many recommendations name each (the choices of the affected-persons filter).
SELECT person AS affected_persons, count(*) AS recommendations
FROM (SELECT unnest(affected_persons) AS person FROM recommendations)
GROUP BY person
ORDER BY recommendations DESC, person
