// The places map: the base map (stranded/basemap.js), the gazetteer's places on it.
(function () {
  const el = document.getElementById("map");
  if (!el || !window.L) return;
  const map = strandedBaseMap(el, { maxZoom: 19 }).setView([+el.dataset.lat, +el.dataset.lon], 10);
  L.control.scale({ imperial: false }).addTo(map);
  const context = L.layerGroup().addTo(map);
  fetch(el.dataset.geojson, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      L.geoJSON(data, {
        pointToLayer: (f, latlng) => L.circleMarker(latlng, {
          radius: f.properties.kind === "city" ? 6 : f.properties.kind === "town" ? 4 : 3, weight: 1, color: "#5f6b73", fillOpacity: 0.6,
        }).bindTooltip(f.properties.name, { permanent: ["city", "town", "crossing"].includes(f.properties.kind), direction: "right", className: "place-label" }),
      }).addTo(context);
    });
  let selected = null;
  function select(button) {
    const latlng = [+button.dataset.lat, +button.dataset.lon];
    if (selected) map.removeLayer(selected);
    selected = L.marker(latlng, { title: button.dataset.name }).addTo(map)
      .bindPopup(button.dataset.name).openPopup();
    selected.getElement().setAttribute("data-place-id", button.dataset.placeId);
    map.setView(latlng, 11);
    document.querySelectorAll(".result[aria-current]").forEach((b) => b.removeAttribute("aria-current"));
    button.setAttribute("aria-current", "true");
  }
  // Adding a place: a click on the map gives its coordinates to the form.
  const addForm = document.getElementById("add-place");
  let added = null;
  function markNew() {
    const lat = parseFloat(addForm.elements.lat.value), lon = parseFloat(addForm.elements.lon.value);
    if (isNaN(lat) || isNaN(lon)) return;
    if (added) map.removeLayer(added);
    added = L.circleMarker([lat, lon], { radius: 8, color: "#b02a37" }).addTo(map);
  }
  if (addForm) {
    map.on("click", (event) => {
      addForm.elements.lat.value = event.latlng.lat.toFixed(5);
      addForm.elements.lon.value = event.latlng.lng.toFixed(5);
      addForm.closest("details").open = true;
      markNew();
    });
    addForm.elements.lat.addEventListener("change", markNew);
    addForm.elements.lon.addEventListener("change", markNew);
    markNew();
  }
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.id !== "place-results") return;
    const first = event.detail.target.querySelector(".result:not(.weak)");
    if (first) select(first);
  });
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest(".result");
    if (button) select(button);
  });
})();
