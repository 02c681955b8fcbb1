// At phone width a data table reads as one card per row (static/css/app.css): each cell
// is labelled with its column's heading, copied here from the table's head. Without this
// script the table still fits the screen by scrolling inside its own box.
(function () {
  "use strict";
  function label(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) return;
    var names = [];
    Array.prototype.forEach.call(head.rows[head.rows.length - 1].cells, function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) names.push(th.textContent.trim());
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody > tr, tfoot > tr"), function (tr) {
      var column = 0;
      Array.prototype.forEach.call(tr.cells, function (cell) {
        var span = cell.colSpan || 1;
        if (span === 1 && names[column]) cell.setAttribute("data-label", names[column]);
        column += span;
      });
    });
    table.classList.add("cards");
  }
  function labelAll() {
    Array.prototype.forEach.call(document.querySelectorAll("table.data"), label);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", labelAll);
  else labelAll();
})();
