-- Publication: the observations and Kaplan-Meier curves of the time from a visit to its
-- public report.

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
