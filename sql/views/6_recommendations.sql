-- Recommendations: their facts, the ranked search, the facets and the counts per theme.

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

-- The recommendations of the filters per theme, one row per UN regional group of the State
-- (grouped_by 'region') or per year of the visit (grouped_by 'year'), with the recommendations and reports counted
-- in the row and the sample they come from. Themes and recommendations are two lists side by side:
-- each theme with any in the row, and how many. The theme heat maps' queries read it.
CREATE MACRO recommendation_theme_lists(filters, grouped_by) AS TABLE
WITH counts AS (
    SELECT
        CASE WHEN grouped_by = 'region' THEN un_regional_group END AS un_regional_group,
        CASE WHEN grouped_by = 'year' THEN visit_year END AS visit_year,
        theme, recommendations, reports
    FROM recommendation_counts(filters)
),
per_group AS (
    SELECT un_regional_group, visit_year, total(recommendations) AS group_recommendations,
        total(reports) AS group_reports
    FROM counts
    WHERE theme IS NULL
    GROUP BY ALL
),
-- Each theme's recommendations in the row: one row per theme with any.
per_theme AS (
    SELECT un_regional_group, visit_year, theme, total(recommendations) AS recommendations
    FROM counts
    WHERE theme IS NOT NULL
    GROUP BY ALL
)
SELECT
    per_theme.un_regional_group,
    per_theme.visit_year,
    any_value(per_group.group_recommendations) AS group_recommendations,
    any_value(per_group.group_reports) AS group_reports,
    sample.reports_published,
    sample.reports_with_recommendations,
    list(per_theme.theme ORDER BY per_theme.theme) AS themes,
    list(per_theme.recommendations ORDER BY per_theme.theme) AS recommendations
FROM per_theme
-- One of the two keys is NULL in every row: matched as equal.
JOIN per_group
    ON per_group.un_regional_group IS NOT DISTINCT FROM per_theme.un_regional_group
    AND per_group.visit_year IS NOT DISTINCT FROM per_theme.visit_year
CROSS JOIN recommendation_sample(filters) AS sample
GROUP BY ALL;
