// Draws the citation neighbourhood with Cytoscape.js; the list below the canvas is the no-JS version.
(function () {
  var data = document.getElementById("kg-elements");
  var box = document.getElementById("kg-graph");
  if (!data || !box || typeof cytoscape === "undefined") return;
  var elements = JSON.parse(data.textContent);
  var cy = cytoscape({
    container: box,
    elements: elements.nodes.concat(elements.edges),
    layout: { name: "cose", animate: false, padding: 20 },
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120,
          "background-color": "#2b6cb0", "width": 14, "height": 14, "color": "#1a202c" } },
      { selector: "node[!hasText]", style: { "background-color": "#fff", "border-width": 2, "border-color": "#2b6cb0" } },
      { selector: "node[?centre]", style: { "background-color": "#c05621", "width": 22, "height": 22 } },
      { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1,
          "line-color": "#a0aec0", "target-arrow-color": "#a0aec0" } }
    ]
  });
  cy.on("tap", "node", function (evt) {
    window.location.href = "/works/" + encodeURIComponent(evt.target.id()) + "/trace/";
  });
})();
