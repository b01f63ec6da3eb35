"""How to cite a view of the dashboard: as text, BibTeX and RIS.

A citation names the publishing organisation (the OPCAT_PUBLISHER setting), the title of the
view, the version, the year, "data as of" (the newest fact in the data), the date the view was
accessed and its permalink. The filters go in a note, in words.
"""

import datetime as dt
import re
from dataclasses import dataclass

import dashboard

PRODUCT = "opcat-dashboard"


@dataclass(frozen=True)
class Citation:
    publisher: str
    title: str
    filters: str  # in words
    data_as_of: str  # ISO date, or "unknown"
    url: str
    accessed: dt.date
    version: str = dashboard.__version__

    @property
    def year(self) -> str:
        """The year of the data cited (of "data as of"), else the year it was accessed."""
        return (
            self.data_as_of[:4]
            if re.fullmatch(r"\d{4}-.*", self.data_as_of)
            else str(self.accessed.year)
        )

    def text(self) -> str:
        return (
            f"{self.publisher} ({self.year}). {self.title} [{PRODUCT}, version {self.version}; "
            f"filters: {self.filters}; data as of {self.data_as_of}]. "
            f"Retrieved {self.accessed.isoformat()} from {self.url}"
        )

    def bibtex(self) -> str:
        key = re.sub(r"[^a-z0-9]+", "-", f"{PRODUCT} {self.title} {self.year}".lower()).strip("-")
        fields = [
            ("author", "{" + _bib(self.publisher) + "}"),  # a corporate author, kept whole
            ("title", _bib(self.title)),
            ("year", self.year),
            ("version", _bib(self.version)),
            ("publisher", _bib(self.publisher)),
            ("url", _bib_url(self.url)),
            ("urldate", self.accessed.isoformat()),
            ("note", _bib(f"{PRODUCT}; filters: {self.filters}; data as of {self.data_as_of}")),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{key},\n{body}\n}}\n"

    def ris(self) -> str:
        lines = [
            ("TY", "DATA"),
            ("AU", self.publisher),
            ("TI", self.title),
            ("PY", self.year),
            ("ET", self.version),
            ("PB", self.publisher),
            ("UR", self.url),
            ("Y2", self.accessed.isoformat()),
            ("N1", f"{PRODUCT}; filters: {self.filters}; data as of {self.data_as_of}"),
            ("ER", ""),
        ]
        # RIS: "TAG  - value", one per line; a line break inside a value would start a new tag.
        return "".join(
            f"{tag}  - {' '.join(value.split())}".rstrip() + "\r\n" for tag, value in lines
        )


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bib(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX's special characters escaped."""
    return "".join(_BIB_SPECIAL.get(c, c) for c in " ".join(text.split()))


def _bib_url(url: str) -> str:
    """A URL for biblatex's verbatim url field, where only a brace could end the field early
    (a permalink has none: its parts are percent-encoded)."""
    return url.replace("{", "%7B").replace("}", "%7D")
