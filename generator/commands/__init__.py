"""Subcommand modules, in the order `vanban --help` lists them. One line per module."""

COMMANDS = [
    "new",
    "build",
    "check",
    "renumber",
    "mau",
    "watch",
    "site",
    "serve",
    "import_",
    "diff",
    "snapshot",
    "history",
    "issue",
    "register",
    "giu_so",
    "huy_so",
    "verify",
    "deadlines",
]
