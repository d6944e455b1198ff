// Brug: small progressive enhancements. Every page works without JavaScript.
document.addEventListener("htmx:afterSwap", (event) => {
  const focusTarget = event.detail.target.querySelector("[data-focus-after-swap]");
  if (focusTarget) focusTarget.focus();
});

// After a failed submit the error summary (or another marked element) takes the focus, so a
// screen reader reads it first and the keyboard starts there.
document.addEventListener("DOMContentLoaded", () => {
  const target = document.querySelector("[data-focus-on-load]");
  if (target) target.focus();
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

// Irreversible actions ask first: a form (or a submit button) with data-confirm="…" opens the page's <dialog>
// (base template) with that question; only "Ja" submits it, with the button that was pressed.
// data-confirm-button names the action on the confirming button ("Ja, intrekken").
// Without JavaScript the form submits directly (the service still decides).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const submitter = event.submitter;
  // The question sits on the form, or on one of its buttons (a form with several actions).
  const source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form;
  const message = source.getAttribute("data-confirm");
  const dialog = document.getElementById("confirm-dialog");
  if (!message || form.dataset.confirmed === "yes" || !dialog || !dialog.showModal) return;
  event.preventDefault();
  const confirmButton = dialog.querySelector("button[value=confirm]");
  confirmButton.textContent = source.getAttribute("data-confirm-button") || confirmButton.dataset.defaultLabel;
  document.getElementById("confirm-dialog-message").textContent = message;
  dialog.returnValue = "";
  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "confirm") {
      if (submitter) submitter.focus();
      return;
    }
    form.dataset.confirmed = "yes";
    form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
  }, { once: true });
  dialog.showModal();
});

// The main menu: under 768 px it folds behind the "Menu" button (a disclosure: the button says
// whether the list is open). A group of the menu is a <details> element, which opens and closes
// without JavaScript; here only one group is open at a time, and Escape or a click elsewhere
// closes it.
(() => {
  const nav = document.querySelector(".main-nav");
  if (!nav) return;
  const toggle = nav.querySelector(".nav-toggle");
  const list = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && list) {
    document.documentElement.classList.add("js-nav");
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      list.classList.toggle("is-open", open);
    });
  }
  const groups = [...nav.querySelectorAll(".nav-group details")];
  groups.forEach((group) => {
    group.addEventListener("toggle", () => {
      if (group.open) groups.forEach((other) => { if (other !== group) other.open = false; });
    });
  });
  document.addEventListener("click", (event) => {
    if (!nav.contains(event.target)) groups.forEach((group) => { group.open = false; });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = groups.find((group) => group.open);
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();
