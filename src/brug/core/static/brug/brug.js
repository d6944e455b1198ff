// Brug: small progressive enhancements. Every page works without JavaScript.
document.addEventListener("htmx:afterSwap", (event) => {
  const focusTarget = event.detail.target.querySelector("[data-focus-after-swap]");
  if (focusTarget) focusTarget.focus();
});
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
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
