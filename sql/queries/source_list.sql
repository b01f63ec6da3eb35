-- Every public source, primary first: its publisher, kind, canonical URL, the copy that was read, and how many records cite it.
SELECT
    s.source_id,
    s.publisher,
    s.kind,
    s.url,
    s.read_url,
    count(l.record_id) AS records
FROM sources AS s
LEFT JOIN source_links AS l USING (source_id)
GROUP BY s.source_id, s.publisher, s.kind, s.url, s.read_url
ORDER BY source_kind_rank(s.kind), s.publisher, s.url, s.source_id
