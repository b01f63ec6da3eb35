-- The opcat-dashboard schema. One table per CSV file in data/ (same name, same columns, same order).
-- Closed vocabularies are CHECK constraints here and nowhere else: the build's validator reads them
-- from the database catalog, so adding a value means editing this file only.

CREATE TABLE states (
    iso3                    VARCHAR PRIMARY KEY CHECK (regexp_full_match(iso3, '[A-Z]{3}')),
    name                    VARCHAR NOT NULL,
    un_regional_group       VARCHAR NOT NULL CHECK (un_regional_group IN (
                                'African', 'Asia-Pacific', 'Eastern European',
                                'Latin American and Caribbean', 'Western European and others')),
    opcat_signature_date    DATE,
    opcat_ratification_date DATE,     -- ratification or accession, where the day is known
    opcat_ratification_approx VARCHAR CHECK (regexp_full_match(opcat_ratification_approx, '\d{4}(-\d{2})?')),
    npm_designated          BOOLEAN NOT NULL,
    npm_designation_year    INTEGER,
    npm_body                VARCHAR,
    npm_type                VARCHAR CHECK (npm_type IN (
                                'ombudsman', 'national-human-rights-institution', 'specialised-body',
                                'multiple-bodies', 'other')),
    on_art17_overdue_list   BOOLEAN,
    confidence              VARCHAR NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
    notes                   VARCHAR,
    CHECK (opcat_ratification_date IS NOT NULL OR opcat_ratification_approx IS NOT NULL)
);

CREATE TABLE visits (
    visit_id         VARCHAR PRIMARY KEY,
    iso3             VARCHAR NOT NULL REFERENCES states (iso3),
    start_date       DATE,
    end_date         DATE,
    -- How precisely the start of the visit is known. With month or year precision the exact start
    -- date is unknown (NULL) and approx_date holds YYYY-MM or YYYY: a day is never invented.
    date_precision   VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    approx_date      VARCHAR CHECK (regexp_full_match(approx_date, '\d{4}(-\d{2})?')),
    visit_type       VARCHAR NOT NULL CHECK (visit_type IN (
                         'regular', 'follow-up', 'npm-advisory', 'opcat-advisory',
                         'high-level-talks', 'other')),
    status           VARCHAR NOT NULL CHECK (status IN (
                         'completed', 'suspended', 'terminated', 'planned', 'not-held', 'unconfirmed')),
    related_visit_id VARCHAR REFERENCES visits (visit_id),
    confidence       VARCHAR NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
    notes            VARCHAR,
    CHECK (end_date >= start_date),
    CHECK ((date_precision = 'day') = (start_date IS NOT NULL)),
    CHECK (date_precision = 'day' OR approx_date IS NOT NULL)
);

CREATE TABLE visit_places (
    visit_id      VARCHAR NOT NULL REFERENCES visits (visit_id),
    facility_type VARCHAR NOT NULL CHECK (facility_type IN (
                      'prison', 'pretrial-detention', 'police', 'immigration-detention',
                      'psychiatric', 'juvenile', 'social-care', 'military', 'other')),
    PRIMARY KEY (visit_id, facility_type)
);

CREATE TABLE delegation_members (
    visit_id    VARCHAR NOT NULL REFERENCES visits (visit_id),
    name        VARCHAR NOT NULL,
    nationality VARCHAR,  -- NULL where no source gave it
    role        VARCHAR NOT NULL CHECK (role IN ('head', 'member')),
    PRIMARY KEY (visit_id, name)
);

-- A visit may yield several reports: one to the State, one to the NPM. report_id is the UN symbol
-- where it is known, otherwise "<visit_id>/report".
CREATE TABLE reports (
    report_id             VARCHAR PRIMARY KEY,
    report_symbol         VARCHAR UNIQUE,
    visit_id              VARCHAR NOT NULL REFERENCES visits (visit_id),
    addressee             VARCHAR CHECK (addressee IN ('state', 'npm')),  -- NULL: not known
    publication_status    VARCHAR NOT NULL CHECK (publication_status IN (
                              'published', 'not-published', 'unknown')),
    paragraphs_total      INTEGER CHECK (paragraphs_total > 0),
    recommendations_total INTEGER CHECK (recommendations_total >= 0),
    confidence            VARCHAR NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
    notes                 VARCHAR
);

-- What happened to a report, and when: sent to the State or NPM, publication asked for, published.
CREATE TABLE report_events (
    report_id  VARCHAR NOT NULL REFERENCES reports (report_id),
    event      VARCHAR NOT NULL CHECK (event IN ('transmitted', 'publication-requested', 'published')),
    event_date DATE NOT NULL,
    PRIMARY KEY (report_id, event)
);

CREATE TABLE recommendations (
    recommendation_id VARCHAR PRIMARY KEY,
    report_id         VARCHAR NOT NULL REFERENCES reports (report_id),
    paragraph         VARCHAR,  -- a number or a range such as "238-239"
    sub_item          VARCHAR,
    addressee         VARCHAR NOT NULL CHECK (addressee IN ('state', 'npm')),
    themes            VARCHAR[] NOT NULL CHECK (len(themes) > 0) CHECK (list_has_all([
                          'npm-independence', 'npm-methodology', 'legal-framework',
                          'fundamental-safeguards', 'investigation-complaints-redress',
                          'police-custody', 'material-conditions', 'health-care',
                          'pretrial-detention-penal-policy', 'discipline-isolation-restraint',
                          'children', 'women-gender', 'migration-detention',
                          'psychiatric-social-care', 'reprisals-cooperation',
                          'staff-training-governance'], themes)),
    place_type        VARCHAR NOT NULL CHECK (place_type IN (
                          'general', 'prison', 'pretrial-detention', 'police', 'immigration-detention',
                          'psychiatric', 'juvenile', 'social-care', 'military', 'other')),
    affected_persons  VARCHAR[],
    summary           VARCHAR NOT NULL,  -- our own words, not the report's text
    confidence        VARCHAR NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
    section           VARCHAR,  -- the report's section heading above the paragraph, where read
    -- UHRI themes and affected persons that data/uhri_mapping.csv did not know at import, kept as
    -- UHRI wrote them (the Data & method page lists them until the mapping has a line for each)
    unmapped_themes   VARCHAR[],
    unmapped_persons  VARCHAR[]
);

-- A public source: the copy that was read (read_url) and its canonical address (url), the same page
-- or document on its publisher's own site where one is known (an OHCHR page read on a test host →
-- www.ohchr.org; a UN document read on a mirror site → its symbol on undocs.org). Never a test or
-- development host. dashboard/sources.py holds the mapping rules and the site → publisher table.
-- kind, primary sources first: UN primary; State or NPM; APT, other NGO or academic; news or news
-- reprint; mirror (a copy of someone else's document on another site).
CREATE TABLE sources (
    source_id VARCHAR PRIMARY KEY,
    url       VARCHAR NOT NULL CHECK (regexp_full_match(url, 'https?://\S+'))
                  CHECK (NOT regexp_matches(url,
                      '^https?://([^/]*\.)?(web\.test|web\.dev|test|dev|staging)\.|^https?://[^/]*un-icc\.cloud([/:?]|$)')),
    read_url  VARCHAR NOT NULL UNIQUE CHECK (regexp_full_match(read_url, 'https?://\S+')),
    kind      VARCHAR NOT NULL CHECK (kind IN ('un-primary', 'state-npm', 'ngo', 'news', 'mirror')),
    publisher VARCHAR NOT NULL,
    -- false where url was made from a copy read on a test host (the same path on the public host)
    -- and no stored copy at that address has confirmed it yet: the address may not exist.
    url_checked BOOLEAN NOT NULL
);

-- Which public source supports which record. record_id is the key of the record in its own table;
-- the build checks that it exists.
CREATE TABLE source_links (
    record_type VARCHAR NOT NULL CHECK (record_type IN ('state', 'visit', 'report', 'recommendation')),
    record_id   VARCHAR NOT NULL,
    source_id   VARCHAR NOT NULL REFERENCES sources (source_id),
    PRIMARY KEY (record_type, record_id, source_id)
);
