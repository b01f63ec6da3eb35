"""opcat-dashboard: analytics on UN SPT visits, reports and recommendations."""

__version__ = "0.1.0"
