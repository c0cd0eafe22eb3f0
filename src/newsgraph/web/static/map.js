// The map page: country outlines from the vendored world-atlas TopoJSON, projected with d3-geo into
// SVG (no tile server), and a circle per event place: at the city's coordinates, else at the
// centroid of its country. Names go in with textContent.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attrs || {}).forEach(([key, value]) => node.setAttribute(key, String(value)));
    return node;
  }

  async function draw() {
    const svg = document.getElementById("map");
    const status = document.getElementById("map-status");
    const places = JSON.parse(document.getElementById("map-data").textContent || "[]");
    let topo;
    try {
      const response = await fetch("/static/vendor/countries-110m.json");
      topo = await response.json();
    } catch (error) {
      status.textContent = "The outlines could not be loaded: " + error.message;
      return;
    }
    const countries = topojson.feature(topo, topo.objects.countries);
    const projection = d3.geoNaturalEarth1().fitSize([960, 500], countries);
    const path = d3.geoPath(projection);
    const byId = new Map(countries.features.map((f) => [String(f.id), f]));
    const active = new Set(places.map((p) => p.country_numeric).filter(Boolean));
    const land = el("g", { class: "land" });
    countries.features.forEach((feature) => {
      const shape = el("path", { d: path(feature) || "", class: active.has(String(feature.id)) ? "country active" : "country" });
      const title = el("title");
      title.textContent = (feature.properties && feature.properties.name) || "";
      shape.appendChild(title);
      land.appendChild(shape);
    });
    svg.appendChild(land);
    const dots = el("g", { class: "places" });
    let drawn = 0;
    places
      .slice()
      .sort((a, b) => b.events - a.events)
      .forEach((place) => {
        let point = null;
        if (place.lat !== null && place.lon !== null) point = projection([place.lon, place.lat]);
        else if (place.country_numeric && byId.has(place.country_numeric)) point = path.centroid(byId.get(place.country_numeric));
        if (!point || !isFinite(point[0]) || !isFinite(point[1])) return;
        const link = el("a", { href: window.newsgraph.entityUrl(place.id), class: "place" });
        const dot = el("circle", { cx: point[0].toFixed(1), cy: point[1].toFixed(1), r: (3 + 2 * Math.sqrt(place.events)).toFixed(1) });
        const title = el("title");
        title.textContent = place.name + ": " + place.events + " event" + (place.events === 1 ? "" : "s");
        dot.appendChild(title);
        link.appendChild(dot);
        dots.appendChild(link);
        drawn += 1;
      });
    svg.appendChild(dots);
    svg.dataset.places = String(drawn);
    status.textContent = drawn + " of " + places.length + " places on the map (the others are not in the gazetteer).";
  }

  window.newsgraph.ready(draw);
})();
