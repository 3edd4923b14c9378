// The map every map page starts from (core/_leaflet.html loads it): Leaflet on a plain
// background, which works offline; tiles only when the operation configures them (the map
// element's data-tiles and data-attribution). The page's own script sets the view.
(function () {
  "use strict";
  window.strandedBaseMap = function (el) {
    var map = L.map(el);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "" }).addTo(map);
    }
    return map;
  };
})();
