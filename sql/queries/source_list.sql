-- Every public source, primary first: its publisher, kind, canonical URL, whether that address is checked, the copy that was read, and how many records cite it; $limit sources from $offset (default: all).
-- The page's sources, in the list's order.
WITH shown AS (
    SELECT source_id, publisher, kind, url, url_checked, read_url
    FROM sources
    ORDER BY source_kind_rank(kind), publisher, url, source_id
    LIMIT $limit OFFSET $offset
),

-- The records citing each, counted for the page's sources only.
citing AS (
    SELECT source_id, count(*) AS records
    FROM source_links
    SEMI JOIN shown USING (source_id)
    GROUP BY source_id
)

SELECT
    shown.source_id,
    shown.publisher,
    shown.kind,
    shown.url,
    shown.url_checked,
    shown.read_url,
    coalesce(citing.records, 0) AS records
FROM shown
LEFT JOIN citing USING (source_id)
ORDER BY source_kind_rank(shown.kind), shown.publisher, shown.url, shown.source_id
