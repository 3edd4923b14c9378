// Leaflet's own words in the page's language, before any map is made: the zoom buttons' titles
// come translated from the page (core/_leaflet.html), and the link to Leaflet loses its English
// title ("Leaflet" is a name). No build step, nothing fetched.
(function () {
  "use strict";
  var texts = document.currentScript && document.currentScript.dataset;
  if (!texts || !window.L) { return; }
  L.Control.Zoom.prototype.options.zoomInTitle = texts.zoomIn;
  L.Control.Zoom.prototype.options.zoomOutTitle = texts.zoomOut;
  var attribution = L.Control.Attribution.prototype.options;
  attribution.prefix = attribution.prefix.replace(/ title="[^"]*"/, "");
})();
