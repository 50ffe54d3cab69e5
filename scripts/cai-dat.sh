#!/usr/bin/env bash
# Installs what vanban needs on Debian/Ubuntu: system packages (LibreOffice, fonts with Vietnamese,
# poppler, Chromium for the browser tests, pandoc for the benchmark) and a Python virtual environment
# in .venv. Safe to run again. The package managers' own output goes to a log file; the screen gets one
# Vietnamese line per step, and the log's path when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p .vanban
log="$PWD/.vanban/cai-dat.log"
: > "$log"

step() {  # step "message" command...: run quietly, stop with the log's path on failure
  local message=$1; shift
  echo "• $message"
  if ! "$@" >>"$log" 2>&1; then
    echo "Lỗi khi: $message. Chi tiết trong $log" >&2
    tail -n 15 "$log" >&2
    exit 1
  fi
}

packages=(python3-venv libreoffice-writer-nogui fonts-liberation2 poppler-utils tesseract-ocr tesseract-ocr-vie chromium chromium-driver pandoc)
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    step "Cài gói hệ thống (${missing[*]})" \
      bash -c "$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
               $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${missing[*]}"
  else
    echo "• Gói hệ thống: đã đủ"
  fi
else
  echo "Không có apt-get: hãy tự cài LibreOffice, poppler-utils và phông Liberation Serif 2 (hoặc Times New Roman)." >&2
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  step "Tạo môi trường Python (.venv)" "$python" -m venv .venv
fi
step "Cài thư viện Python vào .venv" bash -c \
  ".venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e '.[test]'"
echo "• Cài đặt xong (nhật ký: $log)"
