-- The date of the newest fact in the database ("data as of"): the latest visit start or end date or report event date (planned visits are plans, not facts).
SELECT data_as_of FROM data_as_of
