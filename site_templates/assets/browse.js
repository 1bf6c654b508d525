// Shows a table's rows one page file at a time, fetched from this site only when asked.
// Cells are set with textContent, so nothing in the data can become markup.
(function () {
  "use strict";
  function init(section) {
    var first = section.getAttribute("data-first");
    var base = first.slice(0, first.lastIndexOf("/") + 1);
    var pages = parseInt(section.getAttribute("data-pages"), 10);
    var controls = section.querySelector(".ds-browse-controls");
    var wrapper = section.querySelector(".ds-scroll");
    var table = section.querySelector("table");
    var tbody = table.querySelector("tbody");
    var status = section.querySelector(".ds-browse-status");
    var load = section.querySelector(".ds-browse-load");
    var prev = section.querySelector(".ds-browse-prev");
    var next = section.querySelector(".ds-browse-next");
    var current = 0;
    controls.hidden = false;
    function cellText(value) {
      if (value === null) return "";
      if (Array.isArray(value)) return value.join("; ");
      return String(value);
    }
    function show(n) {
      fetch(base + n + ".json")
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          var rows = document.createDocumentFragment();
          data.rows.forEach(function (row) {
            var tr = document.createElement("tr");
            row.forEach(function (value) {
              var td = document.createElement("td");
              td.textContent = cellText(value);
              tr.appendChild(td);
            });
            rows.appendChild(tr);
          });
          tbody.replaceChildren(rows);
          current = n;
          wrapper.hidden = false;
          load.hidden = true;
          prev.hidden = false;
          next.hidden = false;
          prev.disabled = n <= 1;
          next.disabled = n >= pages;
          status.textContent = section.getAttribute("data-page-label") + " " + n + " " +
            section.getAttribute("data-of-label") + " " + pages;
        })
        .catch(function (error) {
          status.textContent = "Error: " + error.message;
        });
    }
    load.addEventListener("click", function () { show(1); });
    prev.addEventListener("click", function () { if (current > 1) show(current - 1); });
    next.addEventListener("click", function () { if (current < pages) show(current + 1); });
  }
  document.querySelectorAll(".ds-browse").forEach(init);
})();
