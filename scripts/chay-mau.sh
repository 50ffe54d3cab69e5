#!/usr/bin/env bash
# Main job on the bundled sample records: Word documents, PDFs (LibreOffice) and the internal site.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/cai-dat.sh
.venv/bin/vanban build --pdf
if .venv/bin/vanban --help | grep -q " site "; then
  .venv/bin/vanban site
fi
echo "Xong: văn bản Word và PDF trong out/, trang nội bộ trong site/ (mở site/index.html)."
