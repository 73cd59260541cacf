/* Draw the 组织架构 tree with ECharts from the JSON the page embeds; the list below the chart
   is the same content without JavaScript. */
(function () {
  "use strict";
  var holder = document.getElementById("org-chart");
  var source = document.getElementById("org-data");
  if (!holder || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var colours = {
    governance: "#6a3d9a", governance_member: "#8e6bbf", administration: "#13345b", lead: "#b3261e",
    member: "#c0504d", management_centre: "#0b5cad", shared_centre: "#1a7f37", clinical_centre: "#8a5a00"
  };
  (function paint(node) {
    var colour = colours[node.group] || "#57606a";
    node.itemStyle = { color: colour, borderColor: colour };
    node.label = { color: "#1f2328" };
    (node.children || []).forEach(paint);
  })(data);
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        var d = p.data || {};
        var esc = function (s) { return String(s || "").replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); };
        return "<strong>" + esc(d.name) + "</strong><br>" + esc(d.value) + (d.sources ? "<br>出处条款 " + d.sources + " 条（双击打开）" : "");
      }
    },
    series: [{
      type: "tree",
      data: [data],
      orient: "LR",
      top: "2%", bottom: "2%", left: "16%", right: "16%",
      symbol: "circle", symbolSize: 11,
      initialTreeDepth: -1,
      expandAndCollapse: true,
      roam: true,
      label: { position: "top", distance: 6, align: "center", fontSize: 13, backgroundColor: "rgba(252,253,254,0.85)",
               fontFamily: '"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif' },
      leaves: { label: { position: "right", verticalAlign: "middle", align: "left" } },
      lineStyle: { color: "#b9c3cd", width: 1.2, curveness: 0.5 },
      animationDuration: 300
    }]
  });
  chart.on("dblclick", function (params) {
    if (params.data && params.data.url) window.location.href = params.data.url;
  });
  window.addEventListener("resize", function () { chart.resize(); });
  Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (el) { el.hidden = false; });
})();
