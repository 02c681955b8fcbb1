// Attendee rows on the registration page: add a row from the template, remove one by
// ticking its "remove" box (kept, so the server knows) and hiding it. Without JavaScript the
// page still works: it shows a few empty rows and the remove boxes.
(function () {
  "use strict";

  function setup() {
    var rows = document.querySelector(".attendee-rows");
    var template = document.getElementById("attendee-template");
    var add = document.getElementById("add-attendee");
    if (!rows || !template || !add) return;
    var prefix = rows.dataset.prefix;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");

    document.querySelectorAll(".no-js-only").forEach(function (el) { el.hidden = true; });
    add.hidden = false;

    function visibleRows() {
      return Array.prototype.filter.call(rows.querySelectorAll("[data-row]"), function (r) {
        return !r.hidden;
      });
    }

    function renumber() {
      visibleRows().forEach(function (row, i) {
        var legend = row.querySelector("legend");
        legend.textContent = legend.textContent.replace(/\d+|__number__/, String(i + 1));
      });
    }

    function wire(row) {
      var box = row.querySelector("input[name$='-DELETE']");
      if (!box) return;
      var label = box.closest("label");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link remove-attendee";
      button.textContent = label.textContent.trim();
      label.hidden = true;
      label.parentNode.appendChild(button);
      button.addEventListener("click", function () {
        box.checked = true;
        row.hidden = true;
        renumber();
        add.focus();
      });
    }

    rows.querySelectorAll("[data-row]").forEach(wire);

    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      wire(row);
      renumber();
      var first = row.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
