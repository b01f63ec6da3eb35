"""Long lists a page at a time: the Reports page's table, a State's visits, the sources.

A list's named query returns one page of rows (`limit` and `offset`, bound parameters like every
value) and a count query gives the totals of the whole selection, which the captions state. `Page`
is the arithmetic; `ui.pager()` draws the choice of page and `ui.downloads()` offers the whole
list as CSV and Parquet.
"""

from dataclasses import dataclass

from dashboard.labels import counted

# Rows per page, per list query. 50 at most: DuckDB looks a page's rows up in the indexes of
# sql/views/ only for up to 50 keys (see "Lists, a page at a time" there).
PAGE_SIZES = {"visit_reports": 50, "visit_details": 20, "source_list": 50}


@dataclass(frozen=True)
class Page:
    """Page `number` (from 1) of a list of `total` rows, `size` rows a page."""

    number: int
    size: int
    total: int

    @classmethod
    def of(cls, number: int, size: int, total: int) -> "Page":
        """The page, moved into the list's range (a list that shrank has fewer pages)."""
        pages = cls(1, size, total).pages
        return cls(min(max(int(number), 1), pages), size, total)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """The position of the page's first row in the list (0 for an empty list)."""
        return self.offset + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.offset + self.size, self.total)

    def showing(self, noun: str) -> str:
        """'Showing visits 51–100 of 104 (page 2 of 3).'"""
        return (
            f"Showing {noun} {self.first:,}–{self.last:,} of {self.total:,} "
            f"(page {self.number:,} of {self.pages:,})."
        )


def visits_words(visits: int, parts: int = 0) -> str:
    """'104 visits', '1 visit and 2 suspended parts'."""
    return counted(visits, "visit") + (f" and {counted(parts, 'suspended part')}" if parts else "")
