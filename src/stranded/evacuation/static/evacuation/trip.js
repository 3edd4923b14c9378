// Trip map: stops in order (numbered), then the destination.
(function () {
  "use strict";
  var el = document.getElementById("trip-map");
  if (!el || !window.L) { return; }
  var stops = JSON.parse(document.getElementById("trip-stops").textContent);
  var dest = JSON.parse(document.getElementById("trip-destination").textContent);
  var map = strandedBaseMap(el);
  var line = [];
  stops.forEach(function (s) {
    line.push([s.lat, s.lon]);
    L.marker([s.lat, s.lon], { title: s.order + ". " + s.reference })
      .bindTooltip(s.order + ". " + s.reference + " · " + s.eta + " · " + s.count,
                   { permanent: true, direction: "right" }).addTo(map);
  });
  line.push([dest.lat, dest.lon]);
  L.circleMarker([dest.lat, dest.lon], { radius: 9, color: "#c0392b" }).bindTooltip(dest.name).addTo(map);
  L.polyline(line, { color: "#1f3a93", weight: 3 }).addTo(map);
  map.fitBounds(L.latLngBounds(line).pad(0.1));
}());
