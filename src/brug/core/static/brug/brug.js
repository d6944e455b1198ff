// Brug: small progressive enhancements. Every page works without JavaScript.
document.addEventListener("htmx:afterSwap", (event) => {
  const focusTarget = event.detail.target.querySelector("[data-focus-after-swap]");
  if (focusTarget) focusTarget.focus();
});
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
// Maps: when a page holds a [data-brug-map], load the vendored Leaflet and brug/map.js (from
// Brug's own static files, never another host). Without JavaScript the server's SVG map stays.
function brugLoadMaps() {
  const first = document.querySelector("[data-brug-map]:not([data-map-ready])");
  if (!first) return;
  if (window.brugMaps) { window.brugMaps(); return; }
  if (document.getElementById("brug-leaflet-js")) return;
  const css = document.createElement("link");
  css.rel = "stylesheet"; css.href = first.dataset.leafletCss;
  document.head.appendChild(css);
  const leaflet = document.createElement("script");
  leaflet.id = "brug-leaflet-js"; leaflet.src = first.dataset.leafletJs;
  leaflet.onload = () => {
    const map = document.createElement("script");
    map.src = first.dataset.mapJs;
    document.head.appendChild(map);
  };
  document.head.appendChild(leaflet);
}
document.addEventListener("DOMContentLoaded", brugLoadMaps);
document.addEventListener("htmx:afterSettle", brugLoadMaps);
// Search pages: on a phone the filters fold away behind their "Filters (n)" button, so the
// results come first (the <details> is open without JavaScript and on wide screens).
function brugFoldFilters(root) {
  if (!window.matchMedia("(max-width: 800px)").matches) return;
  root.querySelectorAll("details.filters-toggle[data-fold]").forEach((d) => {
    d.removeAttribute("open");
    d.removeAttribute("data-fold");
  });
}
document.addEventListener("DOMContentLoaded", () => brugFoldFilters(document));
document.addEventListener("htmx:afterSwap", (event) => brugFoldFilters(event.detail.target));
