// The town or village of a form: pick a place the gazetteer offers, or keep the text as typed.
(function () {
  const pick = document.getElementById("place-pick");
  if (!pick) return;
  const form = pick.closest("form");
  const text = form.querySelector("[name=place_text]");
  const id = form.querySelector("[name=place_id]");
  const asTyped = form.querySelector("[name=place_as_typed]");
  function mark(button) {
    pick.querySelectorAll("[aria-pressed]").forEach((b) => b.removeAttribute("aria-pressed"));
    if (button) button.setAttribute("aria-pressed", "true");
  }
  text.addEventListener("input", () => { id.value = ""; asTyped.value = ""; });
  pick.addEventListener("click", (event) => {
    const place = event.target.closest(".pick-place");
    if (place) {
      id.value = place.dataset.placeId;
      asTyped.value = "";
      mark(place);
    } else if (event.target.closest(".keep-typed")) {
      id.value = "";
      asTyped.value = "true";
      mark(event.target.closest(".keep-typed"));
    }
  });
})();
