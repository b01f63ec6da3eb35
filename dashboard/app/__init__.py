"""The Streamlit app: the entry point (app.py), the web server around it (server.py), one file
per page (app_pages/; not "pages/", which Streamlit would take for an old-style multipage app),
and the helpers the pages call: ui (page frame, filters bound to the URL, charts, tables),
export_menu (the share and download menu) and recommendation_widgets (the facet widgets).

May import every layer but the command line: base, data, query, press, charts, exports. Page
files read like the page; what they compute lives in the layers below.
"""
