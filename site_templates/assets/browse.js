// The data browser of a table's page: its rows come from browse/<dataset>/<table>/<n>.js, scripts
// that call dsBrowseChunk (a <script src> loads from file://, where fetch() is refused). Cells are
// set with textContent, so nothing in the data can become markup. The address holds the state:
// #row=<key> opens the page of that row and marks it; q, sort and page keep a filter, an order
// and a page; <field>=<value> (#facility_id=f-1, as a facility's page links) keeps only the rows
// whose field is that value (or, for a list, holds it), until "Show every row".
(function () {
  "use strict";
  var LONG_TEXT = 60; // longer cells fold into a <details>, so one note cannot make a row tall
  var waiting = {};

  window.dsBrowseChunk = function (chunk) {
    if (waiting[chunk.table]) waiting[chunk.table](chunk);
  };

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  function filled(value) {
    return value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
  }

  function init(section) {
    var setup = JSON.parse(section.querySelector("script.ds-browse-setup").textContent);
    var text = setup.text;
    var columns = setup.columns;
    var PAGE_ROWS = setup.page_rows;
    var lang = document.documentElement.lang || "en";
    var status = section.querySelector(".ds-browse-status");
    var failure = section.querySelector(".ds-browse-error");
    var tools = section.querySelector(".ds-browse-tools");
    var filter = tools.querySelector("input");
    var region = section.querySelector(".ds-browse-region");
    var headRow = section.querySelector("thead tr");
    var tbody = section.querySelector("tbody");
    var pagers = Array.prototype.slice.call(section.querySelectorAll(".ds-browse-pager"));
    var rows = [];
    var shown = [];
    var state = { q: "", sort: "", dir: "", page: 0, row: "", where: null };
    var whereNote = section.querySelector(".ds-browse-where");
    var sortButtons = {};
    var arrived = 0;
    var failed = false;

    function cell(column, values) {
      var value = values[column.at];
      if (column.alt !== undefined && filled(values[column.alt])) value = values[column.alt];
      if (value === null) return "";
      var labels = column.labels || {};
      var items = Array.isArray(value) ? value : [value];
      return items.map(function (item) {
        var key = String(item);
        return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : key;
      }).join("; ");
    }

    function sortValue(row, index) {
      var value = row.values[columns[index].at];
      if (typeof value === "number") return value;
      return row.cells[index];
    }

    function readAddress() {
      var params = new URLSearchParams(location.hash.slice(1));
      state.q = params.get("q") || "";
      state.sort = params.get("sort") || "";
      state.dir = params.get("dir") === "desc" ? "desc" : "asc";
      state.page = Math.max(0, (parseInt(params.get("page"), 10) || 1) - 1);
      state.row = params.get("row") || "";
      if (!columns.some(function (c) { return c.name === state.sort; })) state.sort = "";
      state.where = null;
      columns.forEach(function (column) {
        if (!state.where && params.has(column.name)) state.where = { column: column, value: params.get(column.name) };
      });
    }

    function matches(row) {
      if (!state.where) return true;
      var value = row.values[state.where.column.at];
      var items = Array.isArray(value) ? value : [value];
      return items.some(function (item) { return item !== null && String(item) === state.where.value; });
    }

    function showWhere() {
      if (!whereNote) return;
      whereNote.hidden = !state.where;
      if (!state.where) return;
      var labels = state.where.column.labels || {};
      var value = Object.prototype.hasOwnProperty.call(labels, state.where.value) ? labels[state.where.value] : state.where.value;
      whereNote.querySelector("span").textContent = format(text.where, { field: state.where.column.title, value: value });
    }

    function writeAddress() {
      var params = new URLSearchParams();
      if (state.q) params.set("q", state.q);
      if (state.sort) {
        params.set("sort", state.sort);
        params.set("dir", state.dir);
      }
      if (state.page) params.set("page", String(state.page + 1));
      if (state.where) params.set(state.where.column.name, state.where.value);
      var hash = params.toString();
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    }

    function apply() {
      var needle = fold(state.q.trim());
      shown = rows.filter(function (row) { return matches(row) && (!needle || row.folded.indexOf(needle) !== -1); });
      var index = -1;
      columns.forEach(function (column, i) { if (column.name === state.sort) index = i; });
      if (index !== -1) {
        var sign = state.dir === "desc" ? -1 : 1;
        var collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });
        shown.sort(function (a, b) {
          var x = sortValue(a, index);
          var y = sortValue(b, index);
          if (x === "" || x === null) return y === "" || y === null ? a.n - b.n : 1;
          if (y === "" || y === null) return -1;
          var order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
          return order * sign || a.n - b.n;
        });
      }
      columns.forEach(function (column, i) {
        var th = sortButtons[column.name].parentNode;
        if (i === index) th.setAttribute("aria-sort", state.dir === "desc" ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
    }

    function lastPage() {
      return Math.max(0, Math.ceil(shown.length / PAGE_ROWS) - 1);
    }

    function renderRow(row) {
      var tr = document.createElement("tr");
      tr.id = "row-" + row.key;
      columns.forEach(function (column, i) {
        var td = document.createElement(column.name === setup.key ? "th" : "td");
        var value = row.cells[i];
        if (column.name === setup.key) {
          td.scope = "row";
          var link = document.createElement("a");
          link.href = "#row=" + encodeURIComponent(row.key);
          link.textContent = value;
          link.title = text.row_link;
          td.appendChild(link);
        } else if (value.length > LONG_TEXT) {
          var details = document.createElement("details");
          var summary = document.createElement("summary");
          summary.textContent = value.slice(0, 40).replace(/\s+\S*$/, "") + "…";
          var full = document.createElement("p");
          full.textContent = value;
          details.appendChild(summary);
          details.appendChild(full);
          td.appendChild(details);
        } else {
          td.textContent = value;
        }
        tr.appendChild(td);
      });
      return tr;
    }

    function render() {
      state.page = Math.min(state.page, lastPage());
      var start = state.page * PAGE_ROWS;
      var page = shown.slice(start, start + PAGE_ROWS);
      var fragment = document.createDocumentFragment();
      var marked = null;
      page.forEach(function (row) {
        var tr = renderRow(row);
        if (row.key === state.row) {
          tr.className = "ds-browse-marked";
          marked = tr;
        }
        fragment.appendChild(tr);
      });
      tbody.replaceChildren(fragment);
      var range = shown.length
        ? format(text.range, { first: start + 1, last: start + page.length, total: shown.length })
        : text.none;
      if ((state.q || state.where) && shown.length) range += " " + format(text.filtered, { total: shown.length, all: rows.length });
      pagers.forEach(function (pager) {
        pager.hidden = false;
        pager.querySelector(".ds-browse-range").textContent = range;
        // aria-disabled, not disabled: a disabled button drops keyboard focus to the page body.
        pager.querySelector(".ds-browse-prev").setAttribute("aria-disabled", String(state.page === 0));
        pager.querySelector(".ds-browse-next").setAttribute("aria-disabled", String(state.page >= lastPage()));
      });
      status.textContent = range;
      return marked;
    }

    function showRow(key) {
      var at = -1;
      for (var attempt = 0; attempt < 2 && at === -1; attempt++) {
        shown.forEach(function (row, i) { if (row.key === key) at = i; });
        if (at === -1 && (state.q || state.where)) {  // filtered out: the link still opens its row
          state.q = "";
          filter.value = "";
          state.where = null;
          showWhere();
          apply();
        }
      }
      state.row = at === -1 ? "" : key;
      if (at !== -1) state.page = Math.floor(at / PAGE_ROWS);
      var marked = render();
      if (marked) {
        marked.scrollIntoView({ block: "center" });
        marked.querySelector("a").focus({ preventScroll: true });
      }
    }

    function start() {
      section.classList.add("ds-browse-ready");
      tools.hidden = false;
      region.hidden = false;
      columns.forEach(function (column) {
        var th = document.createElement("th");
        th.scope = "col";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "ds-browse-sort";
        button.textContent = column.title;
        button.setAttribute("aria-label", format(text.sort_by, { field: column.title }));
        button.addEventListener("click", function () {
          state.dir = state.sort === column.name && state.dir === "asc" ? "desc" : "asc";
          state.sort = column.name;
          state.page = 0;
          apply();
          render();
          writeAddress();
        });
        sortButtons[column.name] = button;
        th.appendChild(button);
        headRow.appendChild(th);
      });
      rows.forEach(function (row) {
        row.cells = columns.map(function (column) { return cell(column, row.values); });
        row.folded = fold(row.cells.join(" \u0000 "));
      });
      readAddress();
      filter.value = state.q;
      showWhere();
      if (whereNote) {
        whereNote.querySelector("a").addEventListener("click", function (event) {
          event.preventDefault();
          state.where = null;
          state.page = 0;
          showWhere();
          apply();
          render();
          writeAddress();
        });
      }
      apply();
      if (state.row) showRow(state.row);
      else render();
      filter.addEventListener("input", function () {
        state.q = filter.value;
        state.page = 0;
        state.row = "";
        apply();
        render();
        writeAddress();
      });
      pagers.forEach(function (pager) {
        [[".ds-browse-prev", -1], [".ds-browse-next", 1]].forEach(function (pair) {
          var button = pager.querySelector(pair[0]);
          button.addEventListener("click", function () {
            if (button.getAttribute("aria-disabled") === "true") return;
            state.page += pair[1];
            render();
            writeAddress();
          });
        });
      });
      window.addEventListener("hashchange", function () {
        var key = new URLSearchParams(location.hash.slice(1)).get("row");
        if (key) showRow(key);
      });
    }

    function fail() {
      if (failed) return;
      failed = true;
      status.textContent = "";
      failure.hidden = false;
    }

    var received = {};
    waiting[setup.table] = function (chunk) {
      if (received[chunk.chunk] || failed) return;
      received[chunk.chunk] = chunk;
      arrived += 1;
      if (arrived < setup.chunks) return;
      for (var n = 1; n <= setup.chunks; n++) {
        received[n].rows.forEach(function (values, i) {
          rows.push({ values: values, key: received[n].keys[i], n: rows.length });
        });
      }
      start();
    };
    status.textContent = text.loading;
    for (var n = 1; n <= setup.chunks; n++) {
      var script = document.createElement("script");
      script.src = setup.base + n + ".js";
      script.async = false;
      script.onerror = fail;
      document.body.appendChild(script);
    }
  }

  document.querySelectorAll(".ds-browse").forEach(init);
})();
