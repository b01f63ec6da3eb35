-- Public sources by kind, primary first: how many, how many publishers, how many were read in a copy elsewhere (a test host or a mirror) and are cited by their publisher's own URL, and how many of those addresses no stored copy has confirmed yet.
SELECT
    kind,
    count(*) AS sources,
    count(DISTINCT publisher) AS publishers,
    count(*) FILTER (WHERE read_url <> url) AS read_in_a_copy,
    count(*) FILTER (WHERE NOT url_checked) AS address_unchecked
FROM sources
GROUP BY kind
ORDER BY any_value(source_kind_rank(kind))
