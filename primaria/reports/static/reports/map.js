/* The city map of reports (sesizări), drawn with Leaflet served by the platform itself.

   Every page works without this script: the place can be typed (coordinates or an address) and the public map has
   an accessible list. With it, the map shows:
   - [data-report-picker]: a pin placed by a click (or the phone's position) fills the latitude and longitude
     fields, and the open reports of the same category nearby are listed;
   - [data-report-map]: the reports of a GeoJSON address, clustered, each with its popup;
   - [data-report-point]: one report's place.
   The base layer is a tile service when the page names one (data-tiles), else the city's own vector layer
   (data-base-layer: boundary, districts, streets), which needs no network beyond the platform. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  // The visible texts come from the page (#report-map-texts' data-text-* attributes, written in the page's
  // language); {name} is filled in.
  function text(el, name, values) {
    var source = document.getElementById("report-map-texts");
    var template = (source && source.getAttribute("data-text-" + name)) || "";
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return values && values[key] != null ? String(values[key]) : all;
    });
  }

  function baseLayer(map, el) {
    var tiles = el.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, {maxZoom: 19, attribution: escapeHtml(el.dataset.attribution || "")}).addTo(map);
    }
    if (!el.dataset.baseLayer) { return Promise.resolve(null); }
    return fetch(el.dataset.baseLayer).then(function (r) { return r.json(); }).then(function (data) {
      var boundary = null;
      var layer = L.geoJSON(data, {
        style: function (feature) {
          var kind = feature.properties.kind;
          if (kind === "boundary") { return {color: "#1d3557", weight: 3, fill: !tiles, fillColor: "#f1f5f9", fillOpacity: tiles ? 0 : 1}; }
          if (kind === "district") { return {color: "#64748b", weight: 1, dashArray: "4 4", fill: false}; }
          return {color: "#94a3b8", weight: 5, opacity: 0.9};
        },
        onEachFeature: function (feature, item) {
          var props = feature.properties;
          if (props.kind === "boundary") { boundary = item; }
          if (props.kind === "street") { item.bindTooltip(escapeHtml(props.name), {sticky: true}); }
          if (props.kind === "district") {
            item.bindTooltip(escapeHtml(props.name), {permanent: !tiles, direction: "center", className: "district-label"});
          }
        },
        interactive: true
      });
      if (!tiles) { layer.addTo(map); } else {
        layer.eachLayer(function (l) { if (l.feature.properties.kind === "boundary") { l.addTo(map); } });
      }
      if (boundary) { map.fitBounds(boundary.getBounds(), {padding: [10, 10]}); }
      return boundary;
    });
  }

  function newMap(el) {
    var map = L.map(el, {zoomControl: true, attributionControl: !!el.dataset.tiles, minZoom: 10, maxZoom: 19});
    map.setView([45.7537, 21.2257], 13);
    return map;
  }

  function picker(el) {
    var form = el.closest("form") || document;
    var lat = form.querySelector("[name=lat]");
    var lon = form.querySelector("[name=lon]");
    var status = document.getElementById(el.dataset.status);
    var nearby = document.getElementById(el.dataset.nearby);
    var map = newMap(el);
    var marker = null;

    function say(text) { if (status) { status.textContent = text; } }

    function showNearby() {
      if (!nearby) { return; }
      var category = form.querySelector("[name=categorie]:checked");
      if (!category || !lat.value || !lon.value) { nearby.innerHTML = ""; return; }
      var url = el.dataset.nearbyUrl + "?" + new URLSearchParams({categorie: category.value, lat: lat.value, lon: lon.value});
      fetch(url).then(function (r) { return r.json(); }).then(function (data) {
        if (!data.inside) { nearby.innerHTML = "<p class=\"error-message\">" + escapeHtml(data.message) + "</p>"; return; }
        if (!data.reports.length) { nearby.innerHTML = ""; return; }
        nearby.innerHTML = "<p><strong>" + escapeHtml(text(el, "nearby")) + "</strong> " + data.reports.length +
          ". " + escapeHtml(text(el, "nearby-next")) + "</p>";
      }).catch(function () { nearby.innerHTML = ""; });
    }

    function put(latlng, why) {
      var place = latlng.lat.toFixed(6) + ", " + latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.marker(latlng, {draggable: true, keyboard: true, title: text(el, "place")}).addTo(map);
        marker.on("dragend", function () { put(marker.getLatLng(), "moved"); });
      }
      say(text(el, why, {place: place}));
      showNearby();
    }

    baseLayer(map, el).then(function () {
      if (lat.value && lon.value && !isNaN(parseFloat(lat.value))) {
        put(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), "chosen");
        map.setView(marker.getLatLng(), 16);
      }
    });
    map.on("click", function (e) { put(e.latlng, "clicked"); });
    form.querySelectorAll("[name=categorie]").forEach(function (r) { r.addEventListener("change", showNearby); });

    var locate = document.getElementById(el.dataset.locate);
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        say(text(el, "locating"));
        navigator.geolocation.getCurrentPosition(function (pos) {
          var here = L.latLng(pos.coords.latitude, pos.coords.longitude);
          put(here, "located");
          map.setView(here, 17);
        }, function () { say(text(el, "no-location")); },
        {enableHighAccuracy: true, timeout: 10000});
      });
    }
  }

  function reportsMap(el) {
    var map = newMap(el);
    baseLayer(map, el);
    var group = L.markerClusterGroup ? L.markerClusterGroup() : L.layerGroup();
    group.addTo(map);
    fetch(el.dataset.reportMap).then(function (r) { return r.json(); }).then(function (data) {
      L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var p = feature.properties;
          return L.marker(latlng, {title: p.category + " – " + p.status_label, keyboard: true});
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          var html = "<strong>" + escapeHtml(p.category) + "</strong><br>" + escapeHtml(p.status_label) +
            (p.district ? "<br>" + escapeHtml(p.district) : "") + "<br>" + escapeHtml(text(el, "sent", {date: p.created}));
          (p.photos || []).forEach(function (src) {
            html += "<br><img src=\"" + escapeHtml(src) + "\" alt=\"" + escapeHtml(text(el, "photo")) + "\" width=\"160\">";
          });
          if (p.url) {
            html += "<br><a href=\"" + escapeHtml(p.url) + "\">" + escapeHtml(text(el, "open", {reference: p.reference})) + "</a>";
          }
          layer.bindPopup(html);
          group.addLayer(layer);
        }
      });
      var status = document.getElementById(el.dataset.status);
      var count = data.features.length;
      if (status) { status.textContent = text(el, count === 1 ? "count-one" : "count", {count: count}); }
    });
  }

  function point(el) {
    var map = newMap(el);
    var here = L.latLng(parseFloat(el.dataset.lat), parseFloat(el.dataset.lon));
    baseLayer(map, el).then(function () { map.setView(here, 16); });
    L.marker(here, {title: text(el, "place")}).addTo(map);
  }

  function start() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll("[data-report-picker]").forEach(picker);
    document.querySelectorAll("[data-report-map]").forEach(reportsMap);
    document.querySelectorAll("[data-report-point]").forEach(point);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
