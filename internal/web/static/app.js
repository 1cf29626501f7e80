// Onward's page script. Every page works without it; it only adds
// conveniences: a faster quick exit, the time zone preselected at sign-up,
// and the anti-forgery token on htmx requests.
(function () {
  "use strict";

  // Quick exit: replace this page in the history so Back does not return
  // to it, then leave. Pressing Escape twice does the same.
  function quickExit(event) {
    var link = document.querySelector("[data-quick-exit]");
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(link.href);
  }
  document.addEventListener("click", function (e) {
    var target = e.target.closest && e.target.closest("[data-quick-exit]");
    if (target) quickExit(e);
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 800) quickExit(e);
    lastEscape = now;
  });

  // Preselect the browser's time zone on forms that ask for one.
  document.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
    if (select.querySelector("option[selected]")) return;
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (err) { return; }
    if (!zone) return;
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
    if (!option) {
      option = new Option(zone, zone);
      select.add(option, 0);
    }
    option.selected = true;
  });

  // htmx requests carry the anti-forgery token like forms do.
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener("htmx:configRequest", function (e) {
    if (meta) e.detail.headers["X-CSRF-Token"] = meta.content;
  });
})();
