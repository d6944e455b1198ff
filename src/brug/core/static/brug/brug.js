// Brug: small progressive enhancements. Every page works without JavaScript.
document.addEventListener("htmx:afterSwap", (event) => {
  const focusTarget = event.detail.target.querySelector("[data-focus-after-swap]");
  if (focusTarget) focusTarget.focus();
});
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
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
