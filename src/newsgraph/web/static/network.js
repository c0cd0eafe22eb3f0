// The network page: the graph from /api/network drawn with Cytoscape (labels are canvas text);
// clicking a node opens its profile.
(function () {
  "use strict";
  const COLOURS = { PERSON: "#2f6fb0", ORG: "#b0552f", PLACE: "#3f8f4f", GPE: "#3f8f4f" };

  async function draw() {
    const holder = document.getElementById("cy");
    const status = document.getElementById("network-status");
    let data;
    try {
      const response = await fetch(holder.dataset.src, { headers: { Accept: "application/json" } });
      data = await response.json();
      if (!response.ok) throw new Error((data.code || "") + " " + (data.error || response.statusText));
    } catch (error) {
      status.textContent = "The network could not be loaded: " + error.message;
      return;
    }
    const elements = [];
    data.nodes.forEach((node) => {
      elements.push({ data: { id: node.id, label: node.name, type: node.type, size: 12 + Math.min(30, 4 * node.documents) } });
    });
    data.edges.forEach((edge, i) => {
      const label = Object.keys(edge.relations).join(", ");
      elements.push({ data: { id: "edge-" + i, source: edge.source, target: edge.target, label, weight: edge.weight } });
    });
    const cy = cytoscape({
      container: holder,
      elements,
      layout: { name: elements.length > 400 ? "grid" : "cose", animate: false, randomize: false, nodeRepulsion: 9000 },
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "font-size": 10,
            width: "data(size)",
            height: "data(size)",
            "background-color": (el) => COLOURS[el.data("type")] || "#777",
            "text-valign": "bottom",
            "text-margin-y": 2,
          },
        },
        { selector: "edge", style: { width: (el) => Math.min(6, 1 + el.data("weight") / 2), "line-color": "#bbb", "curve-style": "haystack" } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#222" } },
      ],
    });
    cy.on("tap", "node", (event) => {
      window.location.assign(window.newsgraph.entityUrl(event.target.id()));
    });
    window.newsgraphGraph = cy;
    holder.dataset.nodes = String(data.nodes.length);
    status.textContent =
      data.nodes.length + " entities, " + data.edges.length + " ties" + (data.truncated ? " (truncated)" : "") + ".";
  }

  window.newsgraph.ready(draw);
})();
