// Onward's page script. Every page works without it; it only adds
// conveniences: a faster quick exit, the time zone preselected at sign-up,
// the anti-forgery token on htmx requests, the service worker that keeps
// crisis help readable offline, and check-ins kept on the phone while
// offline and sent when the network returns.
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

  // Switching language reloads the same page: replace it in the history
  // rather than adding an entry, so Back and the quick exit still leave
  // the site instead of returning to the page in the other language.
  document.querySelectorAll("form.lang").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      var button = e.submitter;
      if (!button || !window.fetch || !window.URLSearchParams) return;
      e.preventDefault();
      var body = new URLSearchParams(new FormData(form));
      body.set(button.name, button.value);
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (res) { window.location.replace(res.url || window.location.href); })
        .catch(function () {
          // No network answer: an ordinary submit, which says what went wrong.
          var choice = document.createElement("input");
          choice.type = "hidden";
          choice.name = button.name;
          choice.value = button.value;
          form.appendChild(choice);
          form.submit();
        });
    });
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

  // Offline check-ins. A check-in form submitted without a network is kept
  // in this browser's storage, tagged with the member it belongs to, and
  // sent to the API when the network is back. Each carries a client id, so
  // sending it twice saves it once.
  var QUEUE = "onward.checkins";
  var MEMBER = "onward.member";
  var memberMeta = document.querySelector('meta[name="member"]');
  if (memberMeta) {
    try { localStorage.setItem(MEMBER, memberMeta.content); } catch (err) { /* storage off: nothing to keep */ }
  }
  document.querySelectorAll("form[data-signout]").forEach(function (form) {
    form.addEventListener("submit", function () {
      try { localStorage.removeItem(MEMBER); } catch (err) { /* nothing kept */ }
    });
  });

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (err) { return []; }
  }
  function writeQueue(items) {
    try { localStorage.setItem(QUEUE, JSON.stringify(items)); } catch (err) { /* full or off */ }
  }
  function newClientID() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }
  function localDay() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function checkInPayload(form) {
    var data = new FormData(form);
    var num = function (name) { var v = data.get(name); return v === null || v === "" ? undefined : Number(String(v).replace(",", ".")); };
    var on = function (name) { return data.get(name) === "yes" || data.get(name) === "on"; };
    var payload = {
      day: data.get("day") || localDay(),
      mood: num("mood"), craving: num("craving"), sleep_hours: num("sleep_hours"),
      sleep_quality: num("sleep_quality"), stress: num("stress"), lonely: num("lonely"), irritable: num("irritable"),
      romanticising: on("romanticising"), used: on("used"), meeting: on("meeting"), therapy: on("therapy"),
      support_contact: on("support_contact"), exercise: on("exercise"), food: on("food"), mindfulness: on("mindfulness"),
      note: data.get("note") || "", client_id: newClientID()
    };
    var med = data.get("medication_taken");
    if (med === "yes" || med === "no") payload.medication_taken = med === "yes";
    return payload;
  }
  function say(form, text) {
    var box = form.querySelector("[data-offline-status]") || document.querySelector("[data-offline-status]");
    if (box) { box.textContent = text; box.hidden = false; box.focus(); }
  }
  document.querySelectorAll("form[data-offline-queue]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (navigator.onLine) return; // an ordinary submit; the server answers
      e.preventDefault();
      var payload = checkInPayload(form);
      if (payload.mood === undefined || payload.craving === undefined) {
        say(form, form.getAttribute("data-msg-missing"));
        return;
      }
      var owner = null;
      try { owner = localStorage.getItem(MEMBER); } catch (err) { /* storage off */ }
      if (!owner) {
        // Nobody has signed in on this phone: there is no one to send it for.
        say(form, form.getAttribute("data-msg-signin"));
        return;
      }
      var queue = readQueue();
      queue.push({ member: owner, payload: payload });
      writeQueue(queue);
      // Any use gets the overdose-safety message at once, network or not.
      say(form, form.getAttribute(payload.used ? "data-msg-used" : "data-msg-queued"));
    });
  });

  var sending = false;
  function sendQueue() {
    var member = memberMeta && memberMeta.content;
    var token = meta && meta.content;
    if (sending || !member || !token || !navigator.onLine) return;
    var queue = readQueue();
    var mine = queue.filter(function (item) { return item.member === member; });
    if (!mine.length) return;
    sending = true;
    var item = mine[0];
    fetch("/api/v1/checkins", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(item.payload)
    }).then(function (res) {
      // Sent (2xx) or refused for good (4xx other than signed out): drop it.
      if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 403)) {
        writeQueue(readQueue().filter(function (q) { return q.payload.client_id !== item.payload.client_id; }));
        var box = document.querySelector("[data-offline-sent]");
        if (box && res.ok) { box.hidden = false; }
      }
      sending = false;
      if (res.ok) sendQueue();
    }).catch(function () { sending = false; });
  }
  window.addEventListener("online", sendQueue);
  sendQueue();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* offline help unavailable; pages still work */ });
  }
})();
