// The deal form's exhibitor picker: as one types a few letters, the directory is searched
// on the server and the list offers the matches. Without this script the form's "Find"
// button does the same with a page load.
(function () {
  "use strict";
  var input = document.getElementById("id_exhibitor_search");
  var select = document.getElementById("id_exhibitor");
  if (!input || !select || !select.dataset.searchUrl) return;
  var timer = null;
  var placeholder = select.options.length ? select.options[0].text : "";

  function fill(results) {
    var chosen = select.value;
    var keep = chosen ? select.querySelector('option[value="' + chosen + '"]') : null;
    select.innerHTML = "";
    select.appendChild(new Option(placeholder, ""));
    if (keep) select.appendChild(keep);
    results.forEach(function (x) {
      if (String(x.id) !== chosen) select.appendChild(new Option(x.label, x.id));
    });
    var found = document.getElementById("exhibitors-found");
    if (found) found.hidden = true;
    if (results.length && !chosen) select.size = Math.min(results.length + 1, 8);
  }

  function search() {
    var query = input.value.trim();
    if (query.length < 1) return;
    var url = select.dataset.searchUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (body) { fill(body.results || []); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.addEventListener("keydown", function (event) {
    // Enter in the search box searches; it does not save the deal.
    if (event.key === "Enter") { event.preventDefault(); search(); }
  });
  select.addEventListener("change", function () { select.size = 0; });
})();
