// Citations: the access date is the day the reader visits, which the build cannot know, so this
// fills it in (the page shows a placeholder without JavaScript). Where the site sets no public
// address, a page served over http(s) knows its own: it replaces the path within the site. The
// copy buttons copy one format's text.
(function () {
  "use strict";
  var now = new Date();
  var two = function (n) { return (n < 10 ? "0" : "") + n; };
  var iso = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  var lang = (document.documentElement.lang || "en").slice(0, 2) === "es" ? "es" : "en-GB";
  var long = new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" });
  var forms = { long: long.format(now), iso: iso, ris: iso.replace(/-/g, "/") + "/" };
  document.querySelectorAll(".ds-accessed").forEach(function (el) {
    if (forms[el.dataset.form]) el.textContent = forms[el.dataset.form];
  });
  if (/^https?:$/.test(location.protocol)) {
    var relative = document.querySelectorAll(".ds-cite-url[data-href]");
    relative.forEach(function (el) {
      el.textContent = new URL(el.dataset.href, location.href).href;
    });
    if (relative.length) {
      document.querySelectorAll(".ds-cite-relative").forEach(function (el) { el.hidden = true; });
    }
  }
  if (navigator.clipboard && window.isSecureContext) {
    document.querySelectorAll(".ds-copy").forEach(function (button) {
      var target = document.getElementById(button.dataset.copy);
      if (!target) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.textContent).then(function () {
          button.textContent = button.dataset.done;
        });
      });
    });
  }
})();
