// plankit review page: file picker, table sorting and filtering, jumping to
// a highlight. Reads only the page's own elements; builds no HTML from text.
(function () {
  "use strict";

  function show(fileId) {
    document.querySelectorAll("section.file").forEach(function (s) { s.hidden = s.id !== fileId; });
    document.querySelectorAll("nav.files button").forEach(function (b) {
      b.classList.toggle("current", b.dataset.file === fileId);
    });
  }

  function jump(id) {
    var mark = document.getElementById(id);
    if (!mark) return;
    var file = mark.closest("section.file");
    if (file && file.hidden) show(file.id);
    mark.scrollIntoView({ block: "center" });
    mark.classList.add("flash");
    mark.focus({ preventScroll: true });
    setTimeout(function () { mark.classList.remove("flash"); }, 1500);
  }

  function sortBy(th) {
    var table = th.closest("table");
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.dataset.type === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    th.parentNode.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    function key(row) {
      var cell = row.cells[col];
      var v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
      return numeric ? parseFloat(v) : v;
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (numeric) return dir * ((isNaN(x) ? -Infinity : x) - (isNaN(y) ? -Infinity : y));
      return dir * String(x).localeCompare(String(y), "zh-CN");
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function filter(box) {
    var wanted = {};
    box.querySelectorAll("select[data-filter]").forEach(function (s) { wanted[s.dataset.filter] = s.value; });
    var shown = 0, rows = box.querySelectorAll("tbody tr");
    rows.forEach(function (r) {
      var ok = Object.keys(wanted).every(function (k) { return wanted[k] === "*" || r.dataset[k] === wanted[k]; });
      r.hidden = !ok;
      if (ok) shown++;
    });
    box.querySelector(".shown").textContent = shown + " of " + rows.length + " shown";
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest("nav.files button");
    if (button) { show(button.dataset.file); window.scrollTo(0, 0); return; }
    var th = e.target.closest(".targets th");
    if (th) { sortBy(th); return; }
    var row = e.target.closest(".targets tbody tr");
    if (row) jump(row.dataset.target);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    var th = e.target.closest && e.target.closest(".targets th");
    if (th) sortBy(th);
    var row = e.target.closest && e.target.closest(".targets tbody tr");
    if (row) jump(row.dataset.target);
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches("select[data-filter]")) filter(e.target.closest(".targets"));
  });
  document.querySelectorAll(".targets").forEach(filter);
})();
