-- Public sources by kind, primary first: how many, how many publishers, and how many were read in a copy elsewhere (a test host or a mirror) and are cited by their publisher's own URL.
SELECT
    kind,
    count(*) AS sources,
    count(DISTINCT publisher) AS publishers,
    count(*) FILTER (WHERE read_url <> url) AS read_in_a_copy
FROM sources
GROUP BY kind
ORDER BY any_value(source_kind_rank(kind))
