/* Dashboard charts (ECharts) and client-side column sorting; the table works without them. */
(function () {
  "use strict";
  var dataEl = document.getElementById("as-chart-data");
  if (!dataEl || !window.echarts) return;
  var data = JSON.parse(dataEl.textContent);
  var font = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  function chart(id) {
    var el = document.getElementById(id);
    return el ? echarts.init(el, null, { renderer: "svg" }) : null;
  }
  var dist = chart("chart-distribution");
  if (dist) dist.setOption({
    textStyle: { fontFamily: font },
    tooltip: {},
    color: ["#2e7d32", "#1565c0", "#c62828", "#9e9e9e"],
    xAxis: { type: "category", data: data.distribution.map(function (d) { return d.name; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", colorBy: "data", data: data.distribution.map(function (d) { return d.value; }) }]
  });
  var trend = chart("chart-trend");
  if (trend) trend.setOption({
    textStyle: { fontFamily: font },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.trend.periods },
    yAxis: { type: "value", min: 0, max: 100 },
    series: [{ type: "line", name: "平均分", data: data.trend.average, label: { show: true } }]
  });
  var radar = chart("chart-radar");
  var select = document.getElementById("radar-county");
  function drawRadar(i) {
    if (!radar || !data.radar.length) return;
    var row = data.radar[i] || data.radar[0];
    radar.setOption({
      textStyle: { fontFamily: font },
      tooltip: {},
      radar: { indicator: data.dimensions.map(function (d) { return { name: d, max: 100 }; }), radius: "48%", center: ["50%", "54%"], nameGap: 6,
        // long dimension names wrap (5 characters a line) so every label stays inside the chart
        axisName: { color: "#37474f", fontSize: 11, formatter: function (name) { return name.replace(/(.{5})(?=.)/g, "$1\n"); } } },
      series: [{ type: "radar", data: [{ name: row.name, value: row.value, areaStyle: { opacity: 0.2 } }] }]
    });
  }
  drawRadar(0);
  if (select) select.addEventListener("change", function () { drawRadar(+select.value); });
  window.addEventListener("resize", function () { [dist, trend, radar].forEach(function (c) { if (c) c.resize(); }); });
})();
