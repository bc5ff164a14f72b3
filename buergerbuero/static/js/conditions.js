/* Conditions (visible_if) shown live: on every change the step form is posted to the server's
   visibility endpoint, which evaluates the definition's expressions with the server's own
   evaluator and answers {"<form field name>": true|false}; the matching wrappers
   ([data-field="<name>"]) are hidden or shown. No second implementation of the language here.
   Without this script every field a condition depends on this page stays visible and the
   server decides when the page is posted. Files are not sent (they cannot change visibility). */
(function () {
  "use strict";

  var form = document.querySelector("form[data-visibility-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-visibility-url");
  var latest = 0;

  function body() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") {
        params.append(name, value);
      }
    });
    return params;
  }

  function apply(visible) {
    var wrappers = form.querySelectorAll("[data-field]");
    for (var i = 0; i < wrappers.length; i += 1) {
      var name = wrappers[i].getAttribute("data-field");
      if (Object.prototype.hasOwnProperty.call(visible, name)) {
        wrappers[i].hidden = !visible[name];
      }
    }
  }

  function refresh() {
    latest += 1;
    var request = latest;
    fetch(url, {
      method: "POST",
      body: body(),
      credentials: "same-origin",
      headers: {"Accept": "application/json"}
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (visible) {
      // Only the answer to the newest question counts; older ones may arrive late.
      if (visible && request === latest) {
        apply(visible);
      }
    }).catch(function () {
      /* offline or server error: leave the fields as they are; the POST still decides */
    });
  }

  form.addEventListener("change", refresh);
  refresh();
}());
