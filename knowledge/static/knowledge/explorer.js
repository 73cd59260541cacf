// Draws the citation neighbourhood with Cytoscape.js; the list below the canvas is the no-JS version.
(function () {
  var data = document.getElementById("kg-elements");
  var box = document.getElementById("kg-graph");
  if (!data || !box || typeof cytoscape === "undefined") return;
  var elements = JSON.parse(data.textContent);
  var cy = cytoscape({
    container: box,
    elements: elements.nodes.concat(elements.edges),
    layout: { name: "cose", animate: false, padding: 30, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 90; } },
    style: [
      { selector: "node", style: { "label": "", "font-size": 9, "text-wrap": "wrap", "text-max-width": 110,
          "background-color": "#2b6cb0", "width": 14, "height": 14, "color": "#1a202c",
          "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1 } },
      { selector: "node[?hasText], node[?centre], node.hover", style: { "label": "data(label)" } },
      { selector: "node[!hasText]", style: { "background-color": "#fff", "border-width": 2, "border-color": "#2b6cb0" } },
      { selector: "node[?centre]", style: { "background-color": "#c05621", "width": 22, "height": 22 } },
      { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1,
          "line-color": "#a0aec0", "target-arrow-color": "#a0aec0",
          "label": "data(label)", "font-size": 8, "color": "#4a5568", "text-rotation": "autorotate",
          "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1 } }
    ]
  });
  cy.on("mouseover", "node", function (evt) { evt.target.addClass("hover"); });
  cy.on("mouseout", "node", function (evt) { evt.target.removeClass("hover"); });
  cy.on("tap", "node", function (evt) {
    window.location.href = "/works/" + encodeURIComponent(evt.target.id()) + "/trace/";
  });
})();
