"""The `opcat-dashboard` command line: the group and its options (group.py), the commands that
read and write the data folder (data_commands.py) and those that show it (view_commands.py). Each
command is a thin shell over a plain module of the layers below.

An entry point: the settings are read once, when a command starts, and passed down.

May import every layer.
"""

from dashboard.cli import data_commands, view_commands  # noqa: F401 (they register the commands)
from dashboard.cli.group import cli

__all__ = ["cli"]
