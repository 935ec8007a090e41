// multisenge release report: pan and zoom of the map, a patch's findings
// and files on click, filters of the findings. The page reads without it.
(function () {
  "use strict";
  document.documentElement.classList.add("has-js");
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var svg = document.getElementById("map");
  var shapes = document.getElementById("patches").children;
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");

  // ---- pan and zoom: the viewBox moves, the shapes stay ----
  var home = svg.getAttribute("data-view").split(" ").map(Number);
  var view = home.slice();
  function apply() { svg.setAttribute("viewBox", view.join(" ")); }
  function toUser(clientX, clientY) {
    var r = svg.getBoundingClientRect();
    var s = Math.max(view[2] / r.width, view[3] / r.height);
    var ox = view[0] + view[2] / 2 - (r.width * s) / 2;
    var oy = view[1] + view[3] / 2 - (r.height * s) / 2;
    return [ox + (clientX - r.left) * s, oy + (clientY - r.top) * s, s];
  }
  function zoom(factor, cx, cy) {
    if (!factor) { view = home.slice(); apply(); return; }
    var w = view[2] / factor, h = view[3] / factor;
    if (w < home[2] / 5000 || w > home[2] * 20) return;
    if (cx === undefined) { cx = view[0] + view[2] / 2; cy = view[1] + view[3] / 2; }
    view = [cx - (cx - view[0]) / factor, cy - (cy - view[1]) / factor, w, h];
    apply();
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var p = toUser(e.clientX, e.clientY);
    zoom(e.deltaY < 0 ? 1.25 : 0.8, p[0], p[1]);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (e) {
    drag = { x: e.clientX, y: e.clientY, view: view.slice(), moved: false, s: toUser(e.clientX, e.clientY)[2] };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    svg.classList.add("dragging");
    view = [drag.view[0] - dx * drag.s, drag.view[1] - dy * drag.s, drag.view[2], drag.view[3]];
    apply();
  });
  svg.addEventListener("pointerup", function (e) {
    var d = drag;
    drag = null;
    svg.classList.remove("dragging");
    if (d && !d.moved) {
      var target = document.elementFromPoint(e.clientX, e.clientY);
      if (target && target.parentNode === shapes[0].parentNode) select(indexOf.get(target));
    }
  });
  document.querySelectorAll(".map-tools button").forEach(function (b) {
    b.addEventListener("click", function () { zoom(Number(b.getAttribute("data-zoom"))); });
  });

  // ---- a patch's findings and files ----
  var indexOf = new Map();
  for (var i = 0; i < shapes.length; i++) indexOf.set(shapes[i], i);
  var rows = document.querySelectorAll("tr.finding");
  var byPatch = new Map();
  rows.forEach(function (row) {
    var p = Number(row.getAttribute("data-patch"));
    if (p < 0) return;
    if (!byPatch.has(p)) byPatch.set(p, []);
    byPatch.get(p).push(row);
  });
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function iso(d) { d = String(d); return d.slice(0, 4) + "-" + d.slice(4, 6) + "-" + d.slice(6, 8); }
  var selected = null;
  function select(i) {
    if (i === undefined) return;
    if (selected) selected.classList.remove("selected");
    selected = shapes[i];
    selected.classList.add("selected");
    var p = data.patches[i];
    var tile = data.tiles[p[0]], x = p[1], y = p[2];
    var id = tile + "_" + x + "_" + y;
    body.textContent = "";
    body.appendChild(el("h3", id));
    body.appendChild(el("p", p[5]));
    var found = byPatch.get(i) || [];
    body.appendChild(el("h4", found.length + " finding" + (found.length === 1 ? "" : "s")));
    found.forEach(function (row) {
      var cells = row.children;
      var div = el("div", "", "finding");
      div.appendChild(el("span", row.getAttribute("data-severity"), "sev " + row.getAttribute("data-severity")));
      div.appendChild(document.createTextNode(" " + row.getAttribute("data-rule") + " " + cells[2].textContent));
      body.appendChild(div);
    });
    var s2 = data.date_lists[p[3]], s1 = data.date_lists[p[4]];
    body.appendChild(el("h4", "Files"));
    var files = el("ul", undefined, "files");
    files.appendChild(el("li", data.folders[0] + "/" + tile + "_GR_" + x + "_" + y + ".tif"));
    s2.forEach(function (d) { files.appendChild(el("li", data.folders[1] + "/" + tile + "_" + d + "_S2_" + x + "_" + y + ".tif")); });
    s1.forEach(function (d) { files.appendChild(el("li", data.folders[2] + "/" + tile + "_" + d + "_S1_" + x + "_" + y + ".tif")); });
    body.appendChild(files);
    var span = s2.concat(s1).sort();
    body.appendChild(el("p", s2.length + " Sentinel-2 and " + s1.length + " Sentinel-1 dates" +
      (span.length ? ", " + iso(span[0]) + " to " + iso(span[span.length - 1]) : "")));
    panel.hidden = false;
  }
  panel.querySelector(".close").addEventListener("click", function () {
    panel.hidden = true;
    if (selected) selected.classList.remove("selected");
    selected = null;
  });

  // ---- filters of the findings ----
  var form = document.getElementById("filters");
  var groups = document.querySelectorAll("details.rule");
  function filter() {
    var sev = form.elements.severity.value, tile = form.elements.tile.value, rule = form.elements.rule.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!sev || row.getAttribute("data-severity") === sev) &&
        (!tile || row.getAttribute("data-tile") === tile) &&
        (!rule || row.getAttribute("data-rule") === rule);
      row.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) {
      var visible = g.querySelectorAll("tr.finding:not([hidden])").length;
      g.hidden = visible === 0;
      g.querySelector(".count").textContent = visible;
    });
    document.getElementById("filter-count").textContent = shown + " of " + rows.length + " findings shown";
  }
  form.addEventListener("change", filter);
})();
