// Coverage map: areas coloured by state and by the age of their last sweep.
(function () {
  "use strict";
  var el = document.getElementById("sweep-map");
  if (!el || !window.L) { return; }
  var map = strandedBaseMap(el).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 13);
  var colours = { not_reached: "#c0392b", assigned: "#e67e22", in_progress: "#f1c40f",
                  swept: "#27ae60", due: "#8e44ad" };
  function style(feature) {
    var p = feature.properties, opacity = 0.55;
    if (p.state === "swept" && p.age_hours !== null) {
      opacity = Math.max(0.15, 0.6 - p.age_hours / 96);  // paler as the sweep gets older
    }
    return { color: "#333", weight: 0.6, fillColor: colours[p.state] || "#999", fillOpacity: opacity };
  }
  fetch(el.dataset.geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (data) {
      var areas = L.geoJSON(data, {
        filter: function (f) { return !f.properties.layer; },
        style: style,
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindTooltip(p.code + " · " + p.state_label + (p.team ? " · " + p.team : ""));
          layer.on("click", function () { window.location = el.dataset.detail.replace("00000000-0000-0000-0000-000000000000", p.id); });
        }
      }).addTo(map);
      L.geoJSON(data, {
        filter: function (f) { return !!f.properties.layer; },
        pointToLayer: function (f, latlng) {
          if (f.properties.layer === "team") {
            return L.circleMarker(latlng, { radius: 7, color: "#1f3a93", fillOpacity: 0.9 })
              .bindTooltip(f.properties.team + " · " + f.properties.at.slice(0, 16).replace("T", " "));
          }
          return L.circleMarker(latlng, { radius: 4, color: "#000", fillColor: "#fff", fillOpacity: 1 });
        }
      }).addTo(map);
      if (areas.getLayers().length) { map.fitBounds(areas.getBounds(), { maxZoom: 16 }); }
      el.dataset.loaded = String(areas.getLayers().length);
    });
})();
