"""The query layer: a read-only connection to the built database (db), the named queries of
sql/queries/ run as Polars frames (queries), the one filter value that every query takes
(filters), the figures and sentences the pages quote (figures), pages of long lists (paging) and
the wording of recommendations (recommendations).

May import: the base modules at the top of `dashboard` and the data layer (`dashboard.data`).
Never charts, exports, press or the app.
"""
