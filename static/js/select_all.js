// A list's "select all on this page": <input type="checkbox" data-select-all> ticks or
// clears every row's checkbox (name="ids") of its form. Without the script each row is
// ticked by hand, and the "all matching the filter" button still covers every page.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.hasAttribute || !box.hasAttribute("data-select-all") || !box.form) return;
    Array.prototype.forEach.call(box.form.querySelectorAll('input[type=checkbox][name=ids]'), function (row) {
      row.checked = box.checked;
    });
  });
})();
