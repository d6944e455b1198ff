// Brug point maps on the vendored Leaflet: province boundaries shipped with the app (no tile
// server), one circle per place; each circle's popup links to the result. Loaded by brug.js.
(function () {
  const boundaries = {};
  function load(url) {
    if (!boundaries[url]) boundaries[url] = fetch(url, { credentials: "same-origin" }).then((r) => r.json());
    return boundaries[url];
  }
  function draw(el) {
    el.setAttribute("data-map-ready", "1");
    const source = document.getElementById(el.dataset.brugMap);
    const points = source ? JSON.parse(source.textContent) : [];
    load(el.dataset.boundaries).then((geo) => {
      const fallback = el.querySelector("svg");
      const host = document.createElement("div");
      host.className = "point-map-leaflet";
      host.setAttribute("role", "region");
      host.setAttribute("aria-label", el.dataset.label);
      el.appendChild(host);
      if (fallback) fallback.setAttribute("hidden", "");
      const map = L.map(host, { zoomSnap: 0.25, attributionControl: true });
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution(el.dataset.attribution);
      const layer = L.geoJSON(geo, {
        style: (f) => ({
          color: "#5b5b5b", weight: 1,
          fillColor: f.properties.region === "wallonia" ? "#eef0f2" : "#ffffff", fillOpacity: 1,
        }),
      }).addTo(map);
      const covered = L.geoJSON({
        type: "FeatureCollection",
        features: geo.features.filter((f) => f.properties.region !== "wallonia"),
      });
      const group = L.featureGroup();
      points.forEach((p) => {
        const marker = L.circleMarker([p.lat, p.lon], {
          radius: 6, color: "#ffffff", weight: 1.5, fillColor: "#08519c", fillOpacity: 1,
        });
        const box = document.createElement("div");
        const link = document.createElement(p.url ? "a" : "strong");
        if (p.url) link.href = p.url;
        link.textContent = p.label;
        box.appendChild(link);
        if (p.detail) {
          const detail = document.createElement("div");
          detail.textContent = p.detail;
          box.appendChild(detail);
        }
        marker.bindPopup(box);
        marker.bindTooltip(p.label);
        group.addLayer(marker);
      });
      group.addTo(map);
      const bounds = points.length ? group.getBounds().pad(0.2) : covered.getBounds();
      map.fitBounds(bounds.isValid() ? bounds : layer.getBounds(), { maxZoom: 11 });
    });
  }
  window.brugMaps = function () {
    document.querySelectorAll("[data-brug-map]:not([data-map-ready])").forEach(draw);
  };
  window.brugMaps();
})();
