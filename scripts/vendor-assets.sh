#!/bin/sh
# The map library, from the npm registry, served by the project itself (no CDN): installs the versions pinned in
# package-lock.json (checked against its integrity hashes) and copies their built files into
# primaria/reports/static/reports/vendor/ (Leaflet: BSD-2-Clause, Leaflet.markercluster: MIT, licences beside
# them). `make install` runs it when package-lock.json changes; to move to newer versions, change package.json and
# run `npm install --package-lock-only --ignore-scripts`.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
DEST="$HERE/primaria/reports/static/reports/vendor"
cd "$HERE"
command -v npm >/dev/null 2>&1 || { echo "npm is needed (Debian: apt-get install npm)"; exit 1; }
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
LEAFLET=node_modules/leaflet
CLUSTER=node_modules/leaflet.markercluster
rm -rf "$DEST/leaflet" "$DEST/markercluster"
mkdir -p "$DEST/leaflet/images" "$DEST/markercluster"
cp "$LEAFLET/dist/leaflet.js" "$LEAFLET/dist/leaflet.css" "$LEAFLET/LICENSE" "$DEST/leaflet/"
cp "$LEAFLET"/dist/images/*.png "$DEST/leaflet/images/"
cp "$CLUSTER/dist/leaflet.markercluster.js" "$CLUSTER/dist/MarkerCluster.css" \
   "$CLUSTER/dist/MarkerCluster.Default.css" "$CLUSTER/MIT-LICENCE.txt" "$DEST/markercluster/"
version() { node -p "require('./$1/package.json').version"; }
printf 'leaflet %s\nleaflet.markercluster %s\n' "$(version "$LEAFLET")" "$(version "$CLUSTER")" > "$DEST/VERSIONS"
echo "Map library copied to $DEST: $(tr '\n' ' ' < "$DEST/VERSIONS")"
