#!/usr/bin/env bash
# Installs what vanban needs on Debian/Ubuntu: system packages (LibreOffice, fonts with Vietnamese,
# Chromium for the browser tests) and a Python virtual environment in .venv. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(python3-venv libreoffice-writer-nogui fonts-liberation2 poppler-utils chromium chromium-driver pandoc)
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Cài gói hệ thống: ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
else
  echo "Không có apt-get: hãy tự cài LibreOffice và phông Liberation Serif 2 (hoặc Times New Roman)." >&2
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
