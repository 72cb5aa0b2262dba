#!/usr/bin/env bash
# Updates the translation catalogs (English and Hungarian) of the given folders, or of every app, from the
# strings marked in their templates, Python and JavaScript, then compiles them. Each app keeps its catalogs in
# its own locale/ folder; primaria/templates (the shared templates) keeps the catalog named in LOCALE_PATHS.
#   scripts/messages.sh                 every app
#   scripts/messages.sh alerts reports  only these (primaria/alerts, primaria/reports)
# Then fill in the empty msgstr entries; tests/i18n checks that none is left and that the catalogs are current.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
admin="$root/.venv/bin/django-admin"
if [ $# -gt 0 ]; then targets=("$@"); else targets=(primaria/*/); fi
for target in "${targets[@]}"; do
  dir=${target%/}
  [ -d "$dir" ] || dir="primaria/$dir"
  case "$(basename "$dir")" in __pycache__|demo) continue ;; esac
  mkdir -p "$dir/locale"
  # Without settings makemessages writes only to the folder's own locale/ (not to LOCALE_PATHS).
  (cd "$dir" && env -u DJANGO_SETTINGS_MODULE PYTHONPATH="$root" "$admin" makemessages -l en -l hu -e html,txt,py \
     --no-obsolete --no-wrap -i 'migrations/*' -i 'locale/*' -v0)
  if [ -n "$(find "$dir" -path '*/static/*' -name '*.js' ! -name '*.min.js' 2>/dev/null | head -1)" ]; then
    (cd "$dir" && env -u DJANGO_SETTINGS_MODULE PYTHONPATH="$root" "$admin" makemessages -d djangojs -l en -l hu \
       --no-obsolete --no-wrap -i '*.min.js' -v0)
  fi
  (cd "$dir" && env -u DJANGO_SETTINGS_MODULE "$admin" compilemessages -v0)
done
