// Timeline filters (kind, claimant, measure, facility, month). Without this script the form stays
// hidden and every record shows. The state lives in the address's fragment
// (timeline.html#kind=tallies&month=2026-01), which works from file:// as over http, so a
// filtered view can be linked; a fragment without "=" is a record's anchor and is left alone.
(function () {
  "use strict";
  var form = document.querySelector("form.ds-filters");
  var table = document.querySelector("table.ds-events");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var status = form.querySelector(".ds-filter-status");
  var link = form.querySelector(".ds-filter-link");

  function stateOf(text) {
    var state = {};
    text.replace(/^[#?]/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0) state[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
    });
    return state;
  }

  function fragment() {
    return selects.filter(function (s) { return s.value; }).map(function (s) {
      return encodeURIComponent(s.name) + "=" + encodeURIComponent(s.value);
    }).join("&");
  }

  function apply(remember) {
    var shown = 0;
    rows.forEach(function (row) {
      var keep = selects.every(function (s) {
        return !s.value || (row.getAttribute("data-" + s.name) || "").split(" ").indexOf(s.value) >= 0;
      });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    status.textContent = form.dataset.shown
      .replace("{n}", shown.toLocaleString(document.documentElement.lang))
      .replace("{total}", rows.length.toLocaleString(document.documentElement.lang));
    var hash = fragment();
    link.setAttribute("href", location.pathname.split("/").pop() + (hash ? "#" + hash : ""));
    if (!remember) return;
    var address = location.href.split("#")[0] + (hash ? "#" + hash : "");
    try {
      history.replaceState(null, "", address);
    } catch (e) {
      location.replace(address);
    }
  }

  function read() {
    var state = stateOf(location.hash.indexOf("=") > 0 ? location.hash : location.search);
    selects.forEach(function (s) {
      var wanted = state[s.name] || "";
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === wanted; });
      s.value = known ? wanted : "";
    });
    apply(false);
  }

  selects.forEach(function (s) { s.addEventListener("change", function () { apply(true); }); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", function () {
    if (location.hash.indexOf("=") > 0 || location.hash === "") read();
  });
  form.hidden = false;
  read();
})();
