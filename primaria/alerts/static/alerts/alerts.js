/* Local alerts on the city map (Leaflet served by the platform). Every page works without this script: the list
   shows the same alerts, and the forms take districts, streets, an address or pasted GeoJSON.
   - [data-alert-map]: the alerts of a GeoJSON address, each with a popup and a link;
   - [data-alert-shape]: one alert's area or line (from a json_script element);
   - [data-alert-draw]: draw areas (click the corners, then "close the area") or lines ("finish the line") that fill
     the GeoJSON field named by the attribute.
   The words it shows come from the page, in its language: data-text-details, data-text-close-area,
   data-text-draw-line, data-text-finish-line, data-text-clear (templates/alerts/_map_texts.html). */
(function () {
  "use strict";
  var COLORS = {lucrari: "#b45309", circulatie: "#b91c1c", apa: "#1d4ed8", caldura: "#c2410c", curent: "#7c3aed",
    gaze: "#0f766e", salubrizare: "#4d7c0f", transport: "#be185d", eveniment: "#0369a1", vreme: "#475569"};

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function newMap(el) {
    var map = L.map(el, {minZoom: 10, maxZoom: 19, attributionControl: !!el.dataset.tiles});
    map.setView([45.7537, 21.2257], 13);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {maxZoom: 19, attribution: esc(el.dataset.attribution || "")}).addTo(map);
    }
    if (el.dataset.baseLayer) {
      fetch(el.dataset.baseLayer).then(function (r) { return r.json(); }).then(function (data) {
        var layer = L.geoJSON(data, {interactive: false, style: function (f) {
          var kind = f.properties.kind;
          if (kind === "boundary") { return {color: "#1d3557", weight: 3, fill: !el.dataset.tiles, fillColor: "#f1f5f9", fillOpacity: 1}; }
          if (kind === "district") { return {color: "#64748b", weight: 1, dashArray: "4 4", fill: false}; }
          return {color: "#94a3b8", weight: 5};
        }});
        layer.addTo(map);
        layer.bringToBack();
      }).catch(function () {});
    }
    return map;
  }

  function style(feature) {
    var color = COLORS[(feature.properties || {}).topic] || "#b91c1c";
    return {color: color, weight: 5, fillColor: color, fillOpacity: 0.25};
  }

  function alertMap(el) {
    var map = newMap(el);
    fetch(el.dataset.alertMap).then(function (r) { return r.json(); }).then(function (data) {
      var layer = L.geoJSON(data, {style: style, onEachFeature: function (f, item) {
        var p = f.properties;
        item.bindPopup("<strong>" + esc(p.title) + "</strong><br>" + esc(p.topic_label) + "<br>" +
          esc(p.starts_at.slice(0, 16).replace("T", " ")) + " – " + esc(p.ends_at.slice(0, 16).replace("T", " ")) +
          "<br><a href=\"" + esc(p.url) + "\">" + esc(el.dataset.textDetails) + "</a>");
      }}).addTo(map);
      if (data.features.length) { map.fitBounds(layer.getBounds(), {padding: [20, 20], maxZoom: 15}); }
    });
  }

  function shapeMap(el) {
    var map = newMap(el);
    var source = document.getElementById(el.dataset.alertShape);
    var layer = L.geoJSON(JSON.parse(source.textContent), {style: style}).addTo(map);
    map.fitBounds(layer.getBounds(), {padding: [20, 20], maxZoom: 16});
  }

  function drawMap(el) {
    var field = document.getElementById(el.dataset.alertDraw);
    var modes = (el.dataset.drawModes || "polygon").split(" ");
    var map = newMap(el);
    var shapes = L.featureGroup().addTo(map);
    var points = [];
    var preview = null;
    var mode = modes[0];

    function parts() {
      try { var value = JSON.parse(field.value || "null"); } catch (e) { return []; }
      if (!value) { return []; }
      if (value.type === "GeometryCollection") { return value.geometries; }
      if (value.type === "MultiPolygon") { return value.coordinates.map(function (c) { return {type: "Polygon", coordinates: c}; }); }
      if (value.type === "MultiLineString") { return value.coordinates.map(function (c) { return {type: "LineString", coordinates: c}; }); }
      return [value];
    }
    function redraw() {
      shapes.clearLayers();
      parts().forEach(function (g) { L.geoJSON(g, {style: {color: "#b91c1c", weight: 5, fillOpacity: 0.25}}).addTo(shapes); });
    }
    function save(list) {
      field.value = list.length ? JSON.stringify(list.length === 1 ? list[0] : {type: "GeometryCollection", geometries: list}) : "";
      redraw();
    }
    function finish() {
      var coords = points.map(function (p) { return [Number(p.lng.toFixed(6)), Number(p.lat.toFixed(6))]; });
      var list = parts();
      if (mode === "polygon" && coords.length >= 3) {
        coords.push(coords[0]);
        list.push({type: "Polygon", coordinates: [coords]});
      } else if (mode === "line" && coords.length >= 2) {
        list.push({type: "LineString", coordinates: coords});
      }
      points = [];
      if (preview) { map.removeLayer(preview); preview = null; }
      save(list);
    }
    map.on("click", function (e) {
      points.push(e.latlng);
      if (preview) { map.removeLayer(preview); }
      preview = (mode === "polygon" ? L.polygon(points) : L.polyline(points)).addTo(map);
    });
    var bar = document.createElement("p");
    bar.className = "map-tools";
    function button(text, action) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "button secondary small"; b.textContent = text || "";
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    if (modes.indexOf("polygon") >= 0) { button(el.dataset.textCloseArea, function () { mode = "polygon"; finish(); }); }
    if (modes.indexOf("line") >= 0) {
      button(el.dataset.textDrawLine, function () { mode = "line"; points = []; });
      button(el.dataset.textFinishLine, function () { mode = "line"; finish(); mode = modes[0]; });
    }
    button(el.dataset.textClear, function () { points = []; if (preview) { map.removeLayer(preview); preview = null; } save([]); });
    el.parentNode.insertBefore(bar, el.nextSibling);
    field.addEventListener("change", redraw);
    redraw();
  }

  document.querySelectorAll("[data-alert-map]").forEach(alertMap);
  document.querySelectorAll("[data-alert-shape]").forEach(shapeMap);
  document.querySelectorAll("[data-alert-draw]").forEach(drawMap);
}());
