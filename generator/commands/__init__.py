"""Subcommand modules, in the order `vanban --help` lists them. One line per module."""

COMMANDS = [
    "new",
    "build",
    "renumber",
    "mau",
    "watch",
    "import_",
    "diff",
]
