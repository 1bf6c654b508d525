// The header's search box. Its index is a script of the site (search/<lang>.js, written by
// datasite/render/search.py) that defines window.dsSearchIndex; it is loaded with a <script src>
// the first time the box opens, so search works from file:// as well as from a server (a fetched
// index needs a server). The query is folded as the index was (lowercase, accents dropped), each
// of its words loses a common Spanish or English ending and must begin a word of a result (so
// "amnistia" finds "amnistía", "torre" finds "Torres" while typing, "detenidos" finds
// "detenidas"). Results are links to each record's anchor; text is set as text, never as HTML.
(function () {
  "use strict";
  var box = document.querySelector("[data-ds-search]");
  if (!box) return;
  var opener = box.querySelector(".ds-search__open");
  var panel = box.querySelector(".ds-search__panel");
  var input = box.querySelector(".ds-search__input");
  var closer = box.querySelector(".ds-search__close");
  var statusLine = box.querySelector(".ds-search__status");
  var list = box.querySelector(".ds-search__results");
  var failed = box.querySelector(".ds-search__failed");
  var lang = box.dataset.lang === "es" ? "es" : "en";
  var root = box.dataset.root || "";
  var LIMIT = 50;
  var index = null;
  var haystacks = null;
  var pageWords = null;
  var loading = false;
  var pending = 0;
  var timer = 0;

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
  }
  function words(text) {
    return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
  }

  // Endings stripped from a query word, longest first; what is left must keep 3 letters. Only
  // the query is stemmed: a stem is then matched as the start of an indexed word.
  var ENDINGS = {
    es: ["amientos", "imientos", "amiento", "imiento", "aciones", "iciones", "uciones", "acion",
      "icion", "ucion", "idades", "idad", "mente", "adoras", "adores", "adora", "ador", "iones",
      "ion", "antes", "ante", "ancias", "ancia", "ismos", "ismo", "istas", "ista", "ables",
      "able", "ibles", "ible", "osas", "osos", "osa", "oso", "idos", "idas", "ados", "adas",
      "ido", "ida", "ado", "ada", "es", "os", "as", "s", "a", "o", "e"],
    en: ["ations", "ation", "ements", "ement", "ments", "ment", "nesses", "ness", "ings", "ing",
      "ies", "ied", "edly", "ers", "er", "ed", "ly", "es", "s"]
  };
  var STOP = {
    es: ["de", "del", "la", "las", "el", "los", "y", "e", "en", "a", "al", "por", "para", "con",
      "un", "una", "o", "que"],
    en: ["the", "of", "and", "a", "an", "in", "on", "to", "for", "by", "or", "at"]
  };
  function stem(word) {
    if (word.length < 4) return word;
    var endings = ENDINGS[lang];
    for (var i = 0; i < endings.length; i++) {
      var end = endings[i];
      if (word.length - end.length >= 3 && word.slice(-end.length) === end) {
        return word.slice(0, -end.length);
      }
    }
    return word;
  }
  window.dsSearchStem = stem; // for the tests, which compare it with the Python side's folding
  window.dsSearchFold = fold;

  function terms(query) {
    var all = words(query);
    var kept = all.filter(function (w) { return STOP[lang].indexOf(w) < 0; });
    return (kept.length ? kept : all).map(function (w) { return { word: w, stem: stem(w) }; });
  }

  function prepare(docs) {
    if (!pageWords) {
      pageWords = index.pages.map(function (title) { return words(title).join(" "); });
    }
    docs.forEach(function (doc) {
      haystacks.push(
        " " + words(doc[4]).join(" ") + " " + (doc[5] || "") + " " + pageWords[doc[1]] + " ");
    });
  }

  function score(hay, found) {
    var total = 0;
    for (var i = 0; i < found.length; i++) {
      var t = found[i];
      if (hay.indexOf(" " + t.word + " ") >= 0) total += 3;
      else if (hay.indexOf(" " + t.word) >= 0) total += 2;
      else if (hay.indexOf(" " + t.stem) >= 0) total += 1;
      else return 0;
    }
    return total;
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function search() {
    var query = input.value.trim();
    list.textContent = "";
    if (!index) return;
    var found = terms(query);
    if (query.length < 2 || !found.length) {
      statusLine.textContent = box.dataset.hint;
      return;
    }
    var hits = [];
    for (var i = 0; i < haystacks.length; i++) {
      var s = score(haystacks[i], found);
      if (s) hits.push([s, i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    var shown = hits.slice(0, LIMIT);
    shown.forEach(function (hit) { list.appendChild(result(index.docs[hit[1]])); });
    var n = hits.length.toLocaleString(lang);
    var text = say(box.dataset[hits.length === 0 ? "none" : hits.length === 1 ? "one" : "many"],
      { n: n, q: query });
    if (hits.length > LIMIT) text += " " + say(box.dataset.more, { n: LIMIT });
    if (pending) text += " " + box.dataset.loading;
    statusLine.textContent = text;
  }

  function result(doc) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = root + doc[2];
    var meta = document.createElement("span");
    meta.className = "ds-search__meta";
    meta.textContent = [index.kinds[doc[0]], doc[3], index.pages[doc[1]]]
      .filter(Boolean).join(" · ");
    var text = document.createElement("span");
    text.className = "ds-search__line";
    text.textContent = doc[4];
    link.appendChild(meta);
    link.appendChild(text);
    link.addEventListener("click", function () { close(false); });
    item.appendChild(link);
    return item;
  }

  // The index's first script, then its other parts one after another (render/search.py splits
  // a large index): results are searched again as each part arrives.
  function load() {
    if (index || loading) return;
    loading = true;
    statusLine.textContent = box.dataset.loading;
    add(box.dataset.index, function () {
      if (window.dsSearchIndex) ready(); else unavailable();
    });
  }
  function add(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    script.onerror = unavailable;
    document.head.appendChild(script);
  }
  function ready() {
    index = window.dsSearchIndex;
    haystacks = [];
    prepare(index.docs);
    pending = index.parts || 0;
    next(2);
    search();
  }
  function next(number) {
    if (number > (index.parts || 0) + 1) { loading = false; return; }
    add(box.dataset.index.replace(/\.js$/, "-" + number + ".js"), function () {
      var part = window.dsSearchPart;
      window.dsSearchPart = null;
      if (!part) return unavailable();
      index.docs = index.docs.concat(part.docs);
      prepare(part.docs);
      pending -= 1;
      search();
      next(number + 1);
    });
  }
  function unavailable() {
    loading = false;
    pending = 0;
    statusLine.textContent = "";
    failed.hidden = false;
    input.disabled = true;
  }

  function open() {
    panel.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    input.focus();
    load();
  }
  function close(refocus) {
    panel.hidden = true;
    opener.setAttribute("aria-expanded", "false");
    if (refocus) opener.focus();
  }

  opener.hidden = false;
  opener.addEventListener("click", function () {
    if (panel.hidden) open(); else close(true);
  });
  closer.addEventListener("click", function () { close(true); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 60);
  });
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
    var first = list.querySelector("a");
    if (first) first.click(); // Enter opens the first result
  });
  panel.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus(); else links[at - 1].focus();
    }
  });
  // A click outside the open panel closes it, as Escape does.
  document.addEventListener("click", function (event) {
    if (!panel.hidden && !box.contains(event.target)) close(false);
  });
})();
