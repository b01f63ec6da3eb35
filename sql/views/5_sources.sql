-- Sources: every record's public sources, primary first.

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
