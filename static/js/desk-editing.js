/* The desk change form's heartbeat: tells the server this editor still has the form open, shows
   who else does, and warns as soon as another editor has saved a newer version (articles). The
   page works without it: the notice is rendered on load and a stale save is refused anyway. */
(function () {
  "use strict";
  var box = document.getElementById("desk-editing");
  if (!box || !window.fetch) return;
  var url = box.dataset.url;
  var seconds = parseInt(box.dataset.seconds, 10) || 30;
  var text = box.querySelector(".desk-editing-text");
  var versionNotice = document.getElementById("desk-version-notice");
  var form = document.querySelector("#content-main form");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  var versionInput = document.querySelector("input[name=version]");
  var submitting = false;
  if (form) form.addEventListener("submit", function () { submitting = true; });

  function body(extra) {
    var data = new FormData();
    if (token) data.append("csrfmiddlewaretoken", token.value);
    if (extra) data.append(extra, "1");
    return data;
  }

  function beat() {
    fetch(url, { method: "POST", body: body(), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        text.textContent = data.text;
        box.hidden = !data.text;
        if (versionNotice && versionInput && data.version !== null &&
            parseInt(versionInput.value, 10) < data.version) {
          versionNotice.textContent = data.version_text;
          versionNotice.hidden = false;
        }
      })
      .catch(function () {});
  }

  window.setInterval(beat, seconds * 1000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") beat();
  });
  window.addEventListener("pagehide", function () {
    // Saving reloads this form: the next page refreshes the session, so only a real exit releases it.
    if (!submitting && navigator.sendBeacon) navigator.sendBeacon(url, body("release"));
  });
})();
