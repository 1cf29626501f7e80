// The finders' optional "Use my location" button. Every finder works
// without it: the person can type a ZIP code, a town or coordinates. When
// the browser can tell where it is and the person allows it, the button
// puts the position, rounded to about a kilometre, into the place field
// and searches. Nothing is sent anywhere but this site's own search.
(function () {
  "use strict";
  var box = document.querySelector("[data-locate]");
  var field = document.getElementById("place");
  if (!box || !field || !navigator.geolocation) return;
  var button = box.querySelector("[data-locate-button]");
  var status = box.querySelector("[data-locate-status]");
  box.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.getAttribute("data-locating");
    navigator.geolocation.getCurrentPosition(function (position) {
      field.value = position.coords.latitude.toFixed(2) + ", " + position.coords.longitude.toFixed(2);
      status.textContent = "";
      if (field.form.requestSubmit) {
        field.form.requestSubmit();
      } else {
        field.form.submit();
      }
    }, function () {
      status.textContent = button.getAttribute("data-failed");
      field.focus();
    }, {enableHighAccuracy: false, timeout: 15000, maximumAge: 600000});
  });
})();
