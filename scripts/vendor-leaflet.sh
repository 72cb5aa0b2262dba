#!/bin/sh
# Fetch the map library from the npm registry and copy its built files into primaria/reports/static/reports/vendor/.
# The copied files are kept in the repository (Leaflet: BSD-2-Clause, Leaflet.markercluster: MIT, licences beside
# them), so neither `make run` nor CI needs the network; run this again only to change the pinned versions.
set -eu
LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
HERE=$(cd "$(dirname "$0")/.." && pwd)
DEST="$HERE/primaria/reports/static/reports/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" >/dev/null
mkdir leaflet markercluster
tar xzf "leaflet-$LEAFLET.tgz" -C leaflet --strip-components=1
tar xzf "leaflet.markercluster-$MARKERCLUSTER.tgz" -C markercluster --strip-components=1
rm -rf "$DEST/leaflet" "$DEST/markercluster"
mkdir -p "$DEST/leaflet/images" "$DEST/markercluster"
cp leaflet/dist/leaflet.js leaflet/dist/leaflet.css leaflet/LICENSE "$DEST/leaflet/"
cp leaflet/dist/images/*.png "$DEST/leaflet/images/"
cp markercluster/dist/leaflet.markercluster.js markercluster/dist/MarkerCluster.css \
   markercluster/dist/MarkerCluster.Default.css markercluster/MIT-LICENCE.txt "$DEST/markercluster/"
printf 'leaflet %s\nleaflet.markercluster %s\n' "$LEAFLET" "$MARKERCLUSTER" > "$DEST/VERSIONS"
echo "Leaflet $LEAFLET and Leaflet.markercluster $MARKERCLUSTER copied to $DEST"
