"""The data layer: the CSV files of a data folder, read (datafiles), checked (validate, trust),
traced to their sources (sources), described (datapackage) and built into the DuckDB database
(build, search for its search index); the importers that write new rows into a data folder
(recommendations_import, uhri_export); and world_map, which makes the map's geometry at
development time.

May import: the standard library, third-party packages and the base modules at the top of
`dashboard` (paths, config, labels, markdown, site). Never the query, chart, export, press or app
layers: nothing here knows how the data is shown.
"""
