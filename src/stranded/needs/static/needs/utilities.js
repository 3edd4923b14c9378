// Utilities map: one marker per building, coloured by the state of the chosen utility.
(function () {
  "use strict";
  // No inline handlers (the Content-Security-Policy allows no inline script).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  var el = document.getElementById("utilities-map");
  if (!el || !window.L) { return; }
  var map = strandedBaseMap(el).setView([parseFloat(el.dataset.lat) || 39.8155, parseFloat(el.dataset.lon) || 46.7519], 13);
  var colours = { working: "#27ae60", not_working: "#c0392b", unknown: "#95a5a6" };
  // The words come translated from the page (needs/utilities.html).
  var texts = JSON.parse(document.getElementById("utilities-texts").textContent);
  fetch(el.dataset.geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          var p = f.properties;
          return L.circleMarker(latlng, { radius: 6, color: "#333", weight: 1,
                                          fillColor: colours[p.state] || "#999", fillOpacity: 0.9,
                                          className: "utility-marker utility-marker-" + p.state })
            .bindTooltip(p.area + " · " + texts.utility + ": " + (texts.states[p.state] || p.state) +
                         (p.last_visit ? " · " + texts.visited.replace("%(date)s", p.last_visit) : ""));
        }
      }).addTo(map);
      if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { maxZoom: 16 }); }
      el.dataset.loaded = String(layer.getLayers().length);
    });
})();
