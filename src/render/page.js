// Sorts the summary table by the clicked column: numbers as numbers (empty cells last), text as
// text; a second click reverses. Ties keep the adverts' order.
document.querySelectorAll("table.summary").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    function sort() {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.dataset.type === "number";
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var v = row.cells[col].dataset.sort || "";
        if (!numeric) return v;
        return v === "" ? NaN : parseFloat(v);
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), c;
        if (numeric) {
          if (isNaN(x) || isNaN(y)) c = isNaN(x) - isNaN(y);
          else c = ascending ? x - y : y - x;
        } else {
          c = ascending ? x.localeCompare(y) : y.localeCompare(x);
        }
        return c || a.dataset.index - b.dataset.index;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
    });
  });
});
