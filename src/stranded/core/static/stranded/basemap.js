// The map every map page starts from (core/_leaflet.html loads it): Leaflet on a plain
// background, which works offline; tiles only when the operation configures them (the map
// element's data-tiles and data-attribution; `tiles`: more tile layer options, as maxZoom). The
// page's own script sets the view.
(function () {
  "use strict";
  window.strandedBaseMap = function (el, tiles) {
    var map = L.map(el);
    if (el.dataset.tiles) {
      var options = Object.assign({ attribution: el.dataset.attribution || "" }, tiles);
      L.tileLayer(el.dataset.tiles, options).addTo(map);
    }
    return map;
  };
})();
