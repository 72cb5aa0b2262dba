"""The map library is the one the lock file pins, installed from the npm registry during set-up and served by the
project itself."""

import json
from pathlib import Path

from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]


def test_the_served_map_library_is_the_version_the_lock_file_pins():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    pinned = {"leaflet": lock["node_modules/leaflet"]["version"],
              "leaflet.markercluster": lock["node_modules/leaflet.markercluster"]["version"]}
    assert all(lock[f"node_modules/{name}"]["integrity"].startswith("sha512-") for name in pinned)
    versions = finders.find("reports/vendor/VERSIONS")
    assert versions, "make install copies the map library into the static files (scripts/vendor-assets.sh)"
    served = dict(line.split(" ", 1) for line in Path(versions).read_text().splitlines())
    assert served == pinned
    for path in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE",
                 "markercluster/leaflet.markercluster.js", "markercluster/MIT-LICENCE.txt"):
        found = finders.find(f"reports/vendor/{path}")
        assert found and Path(found).stat().st_size > 0, path
    assert f"Leaflet {pinned['leaflet']}" in Path(finders.find("reports/vendor/leaflet/leaflet.js")).read_text()[:300]
