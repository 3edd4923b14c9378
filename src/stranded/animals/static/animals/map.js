// Sightings map: points coloured by what the animals still need.
(function () {
  "use strict";
  var el = document.getElementById("animal-map");
  if (!el || !window.L) { return; }
  var map = strandedBaseMap(el).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 13);
  function colour(p) {
    if (p.status === "resolved") { return "#27ae60"; }
    if (p.needs.indexOf("food") >= 0 || p.needs.indexOf("water") >= 0) { return "#c0392b"; }
    if (p.needs.indexOf("veterinary_care") >= 0) { return "#e67e22"; }
    if (p.status === "in_care" || p.status === "referred") { return "#f1c40f"; }
    return "#27ae60";
  }
  fetch(el.dataset.geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 7, color: "#333", weight: 1, fillColor: colour(f.properties), fillOpacity: 0.85 });
        },
        onEachFeature: function (f, marker) {
          var p = f.properties;
          // Written by the server in the reader's language; as text: a species may be typed in.
          var tooltip = document.createElement("span");
          tooltip.textContent = p.tooltip;
          marker.bindTooltip(tooltip);
          marker.on("click", function () { window.location = el.dataset.detail.replace("00000000-0000-0000-0000-000000000000", p.id); });
        }
      }).addTo(map);
      if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { maxZoom: 16, animate: false }); }
      el.dataset.loaded = String(layer.getLayers().length);
    });
})();
