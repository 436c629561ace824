// jeugdgraaf explorer: sortable result tables and the catalogue filter. Our own code, no library.
(function () {
  "use strict";
  function cellValue(row, index) {
    const cell = row.cells[index];
    const text = cell ? cell.textContent.trim() : "";
    const number = Number(text.replace(",", "."));
    return text !== "" && !Number.isNaN(number) ? { n: number, t: text } : { n: null, t: text.toLowerCase() };
  }
  function compare(a, b) {
    if (a.n !== null && b.n !== null) return a.n - b.n;
    if (a.n !== null) return -1;
    if (b.n !== null) return 1;
    return a.t.localeCompare(b.t, "nl", { numeric: true });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    const heads = table.tHead.rows[0].cells;
    Array.from(heads).forEach(function (th, index) {
      th.addEventListener("click", function () {
        const ascending = !th.classList.contains("asc");
        Array.from(heads).forEach(function (h) { h.classList.remove("asc", "desc"); });
        th.classList.add(ascending ? "asc" : "desc");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort(function (r1, r2) {
          const c = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  const filter = document.getElementById("qfilter");
  if (filter) {
    filter.addEventListener("input", function () {
      const word = filter.value.trim().toLowerCase();
      document.querySelectorAll("#catalogue tbody tr").forEach(function (tr) {
        tr.hidden = word !== "" && !tr.dataset.search.includes(word);
      });
    });
  }
})();
