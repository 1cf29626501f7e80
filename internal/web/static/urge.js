// The urge-surfing timer. It runs in the page alone, so it keeps going
// without a network once the page is loaded. Without JavaScript the page
// shows the clock time the 15 minutes end instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-urge-timer]");
  if (!box) return;
  var minutes = Number(box.getAttribute("data-minutes")) || 15;
  var display = box.querySelector("[data-urge-clock]");
  var button = box.querySelector("[data-urge-start]");
  var status = box.querySelector("[data-urge-status]");
  var done = document.getElementById("urge-done");
  var timer = null;
  var endsAt = 0;

  function show(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(total / 60);
    var s = total % 60;
    display.textContent = m + ":" + (s < 10 ? "0" : "") + s;
  }
  function tick() {
    var left = endsAt - Date.now();
    show(left);
    if (left <= 0) {
      clearInterval(timer);
      timer = null;
      status.textContent = status.getAttribute("data-msg-done");
      button.textContent = button.getAttribute("data-label-again");
      if (done) done.scrollIntoView({ behavior: "smooth" });
    }
  }
  button.hidden = false;
  display.hidden = false;
  show(minutes * 60000);
  button.addEventListener("click", function () {
    endsAt = Date.now() + minutes * 60000;
    status.textContent = status.getAttribute("data-msg-running");
    button.textContent = button.getAttribute("data-label-restart");
    if (timer) clearInterval(timer);
    timer = setInterval(tick, 1000);
    tick();
  });
})();
