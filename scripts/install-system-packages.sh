#!/usr/bin/env bash
# Debian packages the application and its tests need: Chromium for the browser tests, poppler for
# pdftotext/pdfsig, Pango for WeasyPrint, fonts with Romanian diacritics, Tesseract and Ghostscript for OCR.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)  # NSS trust store for pdfsig in the signing tests
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || need+=(fonts-liberation)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
# The digital archive: OCR of scanned binders (Tesseract with Romanian, Ghostscript for PDF/A via OCRmyPDF).
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -n "$(find /usr/share/tesseract-ocr -name ron.traineddata 2>/dev/null | head -1)" ] || need+=(tesseract-ocr-ron)
command -v gs >/dev/null 2>&1 || need+=(ghostscript)
# Backup and restore on PostgreSQL: pg_dump and pg_restore (manage.py backup / restore).
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
# Uploads scanned by ClamAV: the tests start their own clamd with a test signature (no signature download).
[ -x /usr/sbin/clamd ] || need+=(clamav-daemon)
# The map library comes from the npm registry (scripts/vendor-assets.sh).
command -v npm >/dev/null 2>&1 || need+=(npm)
# The translations (English, Hungarian): msgfmt compiles the catalogs, xgettext checks them in the tests.
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing system packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
