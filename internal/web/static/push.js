// Turning on notifications on this device (Web Push). The settings page
// works without it; this only adds the button, where the browser can
// receive push messages.
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !window.Notification) return;
  var button = box.querySelector("[data-push-enable]");
  var status = box.querySelector("[data-push-status]");
  var token = document.querySelector('meta[name="csrf-token"]');
  box.hidden = false;

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function say(attr) { status.textContent = box.getAttribute(attr); }

  button.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { say("data-msg-denied"); return null; }
      return Promise.all([
        navigator.serviceWorker.ready,
        fetch("/api/v1/push/key", { credentials: "same-origin" }).then(function (res) { return res.json(); })
      ]).then(function (parts) {
        return parts[0].pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(parts[1].public_key) });
      }).then(function (subscription) {
        return fetch("/api/v1/push/subscriptions", {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": token ? token.content : "" },
          body: JSON.stringify(subscription.toJSON())
        });
      }).then(function (res) { say(res.ok ? "data-msg-on" : "data-msg-failed"); });
    }).catch(function () { say("data-msg-failed"); });
  });
})();
