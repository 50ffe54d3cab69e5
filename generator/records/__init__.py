"""Stage 4, the records' life: relations and status between records (relations.py), frozen versions and
the "is this record frozen" check (versions.py), issuing, snapshots, reserving and voiding numbers
and crash recovery (issuing.py), the register (register.py), the append-only ledger primitives and
audit log (ledger.py, audit.py), the office lock (lock.py: it only locks; issuing runs recovery),
integrity checks (verify.py), coordination deadlines on working days (deadlines.py, workdays.py) and
the crash hooks of the issuing tests (hooks.py). Issuing renders the .docx and PDF it freezes, so
records may import render (not render.site), format and model; never build, check or the commands.
"""

# An issue that stopped before its commit point leaves this file in records/ (issuing.py); every command
# looks for it first, so the name lives here: finding none imports nothing more.
JOURNAL_NAME = ".ban-hanh-dang-do.json"
