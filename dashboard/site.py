"""The app's pages: file in dashboard/app/app_pages/ and title. A page's URL path is its title as a
slug ("Country profile" → /country-profile); the first page is the default, at the site's root.
Permalinks in exports are built from the same list, so they always point at a real page."""

PAGES = (
    ("overview.py", "Overview"),
    ("visits.py", "Visits"),
    ("places.py", "Places"),
    ("reports.py", "Reports"),
    ("recommendations.py", "Recommendations"),
    ("country.py", "Country profile"),
    ("compare.py", "Compare"),
    ("data.py", "Data & method"),
)
# Writes to the data folder: shown only when editing is enabled (--allow-edits), never in public.
REVIEW_PAGE = ("press_review.py", "Press release review")
DEFAULT_PAGE = PAGES[0][1]
