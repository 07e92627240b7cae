/* Filters the cohort roster by term, program, topic and status.
 * Self-hosted and dependency-free: it works offline and from a static host.
 * Rows carry data-term, data-program, data-topic and data-status; each
 * <select data-filter="..."> narrows the rows to one value. The choice is
 * kept in the address (?term=2026-q4&status=active) so a filtered roster can
 * be linked to and survives a reload. Without JavaScript the form stays
 * hidden and every row shows. */
(function () {
  "use strict";

  function setUp() {
    var form = document.getElementById("roster-filter");
    var table = form && document.getElementById(form.getAttribute("data-table"));
    if (!form || !table || form.getAttribute("data-ready")) {
      return;
    }
    form.setAttribute("data-ready", "true");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var count = document.getElementById("roster-count");

    function chosen() {
      var wanted = {};
      selects.forEach(function (select) {
        if (select.value) {
          wanted[select.getAttribute("data-filter")] = select.value;
        }
      });
      return wanted;
    }

    function apply(updateAddress) {
      var wanted = chosen();
      var shown = 0;
      rows.forEach(function (row) {
        var match = Object.keys(wanted).every(function (key) {
          return row.getAttribute("data-" + key) === wanted[key];
        });
        row.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent = shown + " of " + rows.length + " cohorts";
      }
      table.setAttribute("data-shown", String(shown));
      if (updateAddress && window.history && window.history.replaceState) {
        var params = new URLSearchParams();
        Object.keys(wanted).forEach(function (key) {
          params.set(key, wanted[key]);
        });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var initial = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var value = initial.get(select.getAttribute("data-filter"));
      if (value !== null && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
      }
      select.addEventListener("change", function () {
        apply(true);
      });
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        apply(true);
      }, 0);
    });
    form.hidden = false;
    apply(false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
