"""The subcommands, top of the pipeline: one module per command (`register(subparsers)`, `run(args)`),
listed below in the order `vanban --help` shows them, one line per module. A command may import any
stage and build/watch; nothing imports a command but cli.py (and another command, for shared options).
A command imports its heavier modules inside `run` where only that command needs them (start-up)."""

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
    "sao",
    "verify",
    "deadlines",
]
