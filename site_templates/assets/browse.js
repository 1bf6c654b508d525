// The data browser of a table's page: its rows come from browse/<dataset>/<table>/<n>.js, scripts
// that call dsBrowseChunk (a <script src> loads from file://, where fetch() is refused). Cells are
// set with textContent, so nothing in the data can become markup. The address holds the state:
// #row=<key> opens the page of that row and marks it; q, sort and page keep a filter, an order
// and a page. The first page shows as soon as the chunks it needs have run; the rest load after,
// and filter and sort, which need every row, wait for them with a visible, translated notice.
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
    var partial = section.querySelector(".ds-browse-partial");
    var rows = [];
    var shown = [];
    var state = { q: "", sort: "", dir: "", page: 0, row: "", where: null };
    var whereNote = section.querySelector(".ds-browse-where");
    var sortButtons = {};
    var arrived = 0; // chunks whose rows are in `rows`, in order
    var rowsTotal = 0; // every chunk says how many rows the table has
    var started = false;
    var failed = false;

    function complete() {
      return arrived === setup.chunks;
    }

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

    // The language a cell's text is in, when the page should say so: a translation shown is in
    // the page's language; else the row's own (a quote's) or the field's (a note's English).
    function cellLang(column, values) {
      if (column.alt !== undefined && filled(values[column.alt])) return lang;
      if (column.lang_at !== undefined && filled(values[column.lang_at])) return String(values[column.lang_at]);
      return column.lang || lang;
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

    // Until every chunk has run, only the rows so far can be filtered or sorted: both wait.
    function setLoading(loading) {
      filter.readOnly = loading;
      filter.setAttribute("aria-disabled", String(loading));
      Object.keys(sortButtons).forEach(function (name) {
        if (loading) sortButtons[name].setAttribute("aria-disabled", "true");
        else sortButtons[name].removeAttribute("aria-disabled");
      });
      partial.hidden = !loading;
      if (loading) partial.textContent = format(text.partial, { loaded: rows.length, total: rowsTotal });
    }

    function renderRow(row) {
      var tr = document.createElement("tr");
      tr.id = "row-" + row.key;
      columns.forEach(function (column, i) {
        var td = document.createElement(column.name === setup.key ? "th" : "td");
        var value = row.cells[i];
        if (value && row.langs[i] !== lang) td.lang = row.langs[i];
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
      var total = complete() ? shown.length : rowsTotal;
      var range = shown.length
        ? format(text.range, { first: start + 1, last: start + page.length, total: total })
        : complete() ? text.none : text.loading;
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
          if (!complete()) return;
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
      readAddress();
      filter.value = state.q;
      setLoading(!complete());
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
        if (!complete()) return;
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
        if (key && complete()) showRow(key);
        else if (key) state.row = key; // opened once every row is in
      });
    }

    // The address asks for a filter, an order or a row (which may be in any chunk): every row
    // first. Else the page it asks for, once its rows are in.
    function ready() {
      if (complete()) return true;
      var params = new URLSearchParams(location.hash.slice(1));
      var keys = Array.from(params.keys());
      if (keys.some(function (key) { return key !== "page"; })) return false; // a filter, an order or a row: every row
      var page = Math.max(0, (parseInt(params.get("page"), 10) || 1) - 1);
      return rows.length >= Math.min(rowsTotal, (page + 1) * PAGE_ROWS);
    }

    function arrive(chunk) {
      chunk.rows.forEach(function (values, i) {
        var row = { values: values, key: chunk.keys[i], n: rows.length };
        row.cells = columns.map(function (column) { return cell(column, values); });
        row.langs = columns.map(function (column) { return cellLang(column, values); });
        row.folded = fold(row.cells.join(" \u0000 "));
        rows.push(row);
      });
      arrived += 1;
      rowsTotal = chunk.rows_total;
      if (!started && ready()) {
        started = true;
        start();
      } else if (started) {
        setLoading(!complete());
        if (complete() && state.row) {
          showRow(state.row);
          return;
        }
        apply();
        render(); // the same page: the range and the pager's buttons follow the rows in
      }
    }

    function fail() {
      if (failed) return;
      failed = true;
      if (!started) status.textContent = "";
      partial.hidden = true;
      failure.hidden = false;
    }

    // Chunks run in order (async = false), but a chunk is taken only after those before it.
    var received = {};
    waiting[setup.table] = function (chunk) {
      if (received[chunk.chunk] || failed) return;
      received[chunk.chunk] = chunk;
      while (received[arrived + 1] && !failed) arrive(received[arrived + 1]);
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
