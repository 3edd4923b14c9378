// The town or village of a form: pick a place the gazetteer offers (in the list or on the map),
// or keep the text as typed.
(function () {
  const pick = document.getElementById("place-pick");
  if (!pick) return;
  const form = pick.closest("form");
  const text = form.querySelector("[name=place_text]");
  const id = form.querySelector("[name=place_id]");
  const asTyped = form.querySelector("[name=place_as_typed]");
  const mapEl = document.getElementById("place-pick-map");
  let map = null;
  let markers = null;
  function mark(button) {
    pick.querySelectorAll("[aria-pressed]").forEach((b) => b.removeAttribute("aria-pressed"));
    if (button) button.setAttribute("aria-pressed", "true");
    if (markers) {
      markers.eachLayer((m) => m.setStyle({ weight: m.options.placeId === (button && button.dataset.placeId) ? 4 : 1 }));
    }
  }
  function choose(button) {
    id.value = button.dataset.placeId;
    asTyped.value = "";
    mark(button);
  }
  // Candidates on a map (Leaflet, a plain background offline, tiles when configured): the
  // confident ones in blue, the uncertain ones further away in red; a click picks one.
  function drawMap() {
    if (!mapEl || !window.L) return;
    const buttons = Array.from(pick.querySelectorAll(".pick-place[data-lat]"));
    mapEl.hidden = buttons.length === 0;
    if (!buttons.length) return;
    const centre = [+mapEl.dataset.lat, +mapEl.dataset.lon];
    if (!map) {
      map = strandedBaseMap(mapEl, { maxZoom: 19 }).setView(centre, 9);
      L.control.scale({ imperial: false }).addTo(map);
      L.circleMarker(centre, { radius: 4, color: "#5f6b73" }).bindTooltip(mapEl.getAttribute("aria-label")).addTo(map);
      markers = L.featureGroup().addTo(map);
    }
    map.invalidateSize();
    markers.clearLayers();
    buttons.forEach((button) => {
      const marker = L.circleMarker([+button.dataset.lat, +button.dataset.lon], {
        radius: 8, weight: 1, fillOpacity: 0.7, placeId: button.dataset.placeId,
        color: button.classList.contains("weak") ? "#b02a37" : "#1f6feb",
        className: "pick-marker",
      }).bindTooltip(button.dataset.name).addTo(markers);
      marker.getElement().setAttribute("data-place-id", button.dataset.placeId);
      marker.on("click", () => choose(button));
    });
    map.fitBounds(markers.getBounds().extend(centre), { maxZoom: 11, padding: [20, 20] });
  }
  text.addEventListener("input", () => { id.value = ""; asTyped.value = ""; });
  pick.addEventListener("click", (event) => {
    const place = event.target.closest(".pick-place");
    if (place) {
      choose(place);
    } else if (event.target.closest(".keep-typed")) {
      id.value = "";
      asTyped.value = "true";
      mark(event.target.closest(".keep-typed"));
    }
  });
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target === pick) drawMap();
  });
})();
