-- Share of visits whose report was published within 6, 12, 24, 36 and 60 months of the visit's end (Kaplan-Meier), with the visits counted and left out.
WITH curve AS (
    SELECT * FROM publication_curve($filters, $as_of, false)
),

horizons AS (
    SELECT unnest([6, 12, 24, 36, 60]) AS months
),

counted AS (
    SELECT coalesce(sum(published + censored), 0) AS visits_counted FROM curve
),

filtered AS (
    SELECT coalesce(total(visits), 0) AS visits
    FROM filtered_cells($filters)
)

SELECT
    horizons.months,
    round(coalesce(
        (SELECT max(share_published) FROM curve WHERE curve.days <= horizons.months * 30.4375),
        0), 4) AS share_published,
    counted.visits_counted,
    filtered.visits - counted.visits_counted AS visits_left_out
FROM horizons, counted, filtered
WHERE counted.visits_counted > 0
ORDER BY horizons.months
