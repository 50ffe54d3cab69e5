#!/usr/bin/env bash
# The whole test suite, on a fresh Debian/Ubuntu machine: installs everything first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/cai-dat.sh
exec .venv/bin/python -m pytest -q "$@"
