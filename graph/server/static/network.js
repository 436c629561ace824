// The network view: Cytoscape.js (from npm) fed by /network.json. Our own code.
(function () {
  "use strict";
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354"];
  const select = { network: document.getElementById("network"), size: document.getElementById("size"),
    colour: document.getElementById("colour"), filter: document.getElementById("filter") };
  let cy = null;
  let data = null;

  function groupOf(node, by) {
    if (by === "community") return node.community ? "community " + node.community : "none";
    if (by === "province") return node.province || "no province";
    return node.kind || "node";
  }

  function colours(by) {
    const counts = {};
    data.nodes.forEach(function (n) { const g = groupOf(n, by); counts[g] = (counts[g] || 0) + 1; });
    const groups = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || a.localeCompare(b); });
    const map = {};
    groups.forEach(function (g, i) { map[g] = PALETTE[i % PALETTE.length]; });
    const legend = document.getElementById("legend");
    legend.textContent = "";
    groups.slice(0, 14).forEach(function (g) {
      const row = document.createElement("div");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = map[g];
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(g + " (" + counts[g] + ")"));
      legend.appendChild(row);
    });
    return map;
  }

  function restyle() {
    const measure = select.size.value;
    const by = select.colour.value;
    const map = colours(by);
    const values = data.nodes.map(function (n) { return n.scores[measure] || 0; });
    const max = Math.max.apply(null, values.concat([1e-12]));
    cy.batch(function () {
      cy.nodes().forEach(function (ele) {
        const n = ele.data("node");
        const v = (n.scores[measure] || 0) / max;
        ele.style({ width: 10 + 50 * Math.sqrt(v), height: 10 + 50 * Math.sqrt(v), "background-color": map[groupOf(n, by)] });
      });
    });
    const top = data.nodes.slice().sort(function (a, b) { return (b.scores[measure] || 0) - (a.scores[measure] || 0); }).slice(0, 10);
    const box = document.getElementById("top");
    box.textContent = "";
    const title = document.createElement("strong");
    title.textContent = "Top 10 by " + measure;
    const list = document.createElement("ol");
    top.forEach(function (n) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = n.href;
      a.textContent = n.label;
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(title);
    box.appendChild(list);
  }

  function applyFilter() {
    const word = select.filter.value.trim().toLowerCase();
    cy.batch(function () {
      cy.nodes().forEach(function (ele) {
        const hit = word === "" || ele.data("label").toLowerCase().includes(word);
        ele.style("opacity", hit ? 1 : 0.12);
        ele.style("label", hit && word !== "" ? ele.data("label") : "");
      });
    });
    if (word === "") labelTop();
  }

  function labelTop() {
    const measure = select.size.value;
    const ranked = cy.nodes().sort(function (a, b) { return (b.data("node").scores[measure] || 0) - (a.data("node").scores[measure] || 0); });
    ranked.forEach(function (ele, i) { ele.style("label", i < 15 ? ele.data("label") : ""); });
  }

  function draw() {
    const elements = data.nodes.map(function (n) { return { group: "nodes", data: { id: n.id, label: n.label, node: n } }; })
      .concat(data.edges.map(function (e, i) { return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight } }; }));
    if (cy) cy.destroy();
    cy = cytoscape({
      container: document.getElementById("cy"),
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { "background-color": "#1f5fa8", "border-width": 1, "border-color": "#fff", "font-size": 10,
          "text-valign": "bottom", "text-margin-y": 3, color: "#1d2433", "text-outline-color": "#fff", "text-outline-width": 2 } },
        { selector: "edge", style: { width: "mapData(weight, 1, 10, 0.6, 5)", "line-color": "#c3cad6", opacity: 0.6, "curve-style": "haystack" } },
        { selector: "node:selected", style: { "border-color": "#14213d", "border-width": 3 } },
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 60; }, numIter: 1500 },
    });
    cy.on("tap", "node", function (event) { window.location.href = event.target.data("node").href; });
    cy.on("mouseover", "node", function (event) { event.target.style("label", event.target.data("label")); });
    document.getElementById("netinfo").textContent = data.title + ": " + data.nodes.length + " nodes, " + data.edges.length +
      " edges. Nodes: " + data.nodes_mean + ". Edges: " + data.edges_mean + ". Weight: " + data.weight + ".";
    restyle();
    labelTop();
    document.getElementById("cy").dataset.nodes = String(cy.nodes().length);
  }

  function load() {
    const name = select.network.value;
    document.getElementById("netinfo").textContent = "Loading…";
    fetch("/network.json?network=" + encodeURIComponent(name)).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(t); });
      return r.json();
    }).then(function (json) {
      data = json;
      const previous = select.size.value;
      select.size.textContent = "";
      json.measures.forEach(function (m) {
        const opt = document.createElement("option");
        opt.value = m; opt.textContent = m;
        select.size.appendChild(opt);
      });
      select.size.value = json.measures.includes(previous) ? previous : (json.measures.includes("betweenness") ? "betweenness" : json.measures[0]);
      history.replaceState(null, "", "/network?network=" + encodeURIComponent(name));
      draw();
    }).catch(function (err) { document.getElementById("netinfo").textContent = String(err.message || err); });
  }

  select.network.addEventListener("change", load);
  select.size.addEventListener("change", function () { restyle(); labelTop(); });
  select.colour.addEventListener("change", restyle);
  select.filter.addEventListener("input", applyFilter);
  load();
})();
