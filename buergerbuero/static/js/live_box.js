/* The case's message box live (both case pages): while the page is visible, the poll URL is
   asked every few seconds for the messages after the last one shown; the server answers
   {html, cursor, count, states} with the HTML rendered by the page's own partial, which goes
   into the aria-live list as it is (the server escaped it). Hidden pages and errors back off.
   The message form is sent with fetch (FormData: its files go along): sent, it clears and the
   next poll shows the message; refused, the German errors stand at the form and the text stays.
   Without this script the form posts and the page reloads, as "Neue Nachrichten laden" does. */
(function () {
  "use strict";

  var box = document.querySelector("[data-live-box]");
  if (!box || !window.fetch || !window.FormData) {
    return;
  }
  var EVERY = 4000, MOST = 60000;
  var list = box.querySelector("[data-live-list]");
  var form = box.querySelector("form[data-live-form]");  // none on a closed case
  var url = box.getAttribute("data-poll-url");
  var cursor = box.getAttribute("data-cursor") || "0";
  var wait = EVERY, timer = null, busy = false, again = false;

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, delay);
  }

  function showStates(states) {
    var spans = box.querySelectorAll("[data-message-state]");
    for (var i = 0; i < spans.length; i += 1) {
      var state = states[spans[i].getAttribute("data-message-state")];
      if (state && spans[i].textContent !== state) {
        spans[i].textContent = state;
      }
    }
  }

  function add(answer) {
    if (answer.count > 0) {
      var empty = box.querySelector("[data-live-empty]");
      if (empty) {
        empty.parentNode.removeChild(empty);
      }
      list.insertAdjacentHTML("beforeend", answer.html);
    }
    cursor = String(answer.cursor);
    showStates(answer.states || {});
  }

  function poll() {
    if (busy) {
      again = true;  // asked while a poll runs (a message just sent): ask once more after it
      return;
    }
    if (document.hidden) {
      wait = Math.min(wait * 2, MOST);  // nobody looks: ask less often until it shows again
      schedule(wait);
      return;
    }
    busy = true;
    fetch(url + "?nach=" + encodeURIComponent(cursor), {
      credentials: "same-origin", headers: {"Accept": "application/json"}
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (answer) {
      add(answer);
      wait = EVERY;
    }).catch(function () {
      wait = Math.min(wait * 2, MOST);
    }).then(function () {
      busy = false;
      schedule(again ? 0 : wait);
      again = false;
    });
  }

  function showErrors(messages) {
    var place = form.querySelector("[data-live-errors]");
    place.textContent = "";
    if (!messages.length) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "kern-alert kern-alert--danger";
    alert.setAttribute("role", "alert");
    var title = document.createElement("p");
    title.className = "kern-title";
    title.textContent = place.getAttribute("data-error-title");
    var items = document.createElement("ul");
    items.className = "kern-list";
    messages.forEach(function (text) {
      var item = document.createElement("li");
      item.className = "kern-body";
      item.textContent = text;
      items.appendChild(item);
    });
    alert.appendChild(title);
    alert.appendChild(items);
    place.appendChild(alert);
  }

  function send(event) {
    event.preventDefault();
    var status = form.querySelector("[data-live-status]");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"Accept": "application/json"}
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (answer.sent) {
        form.querySelector("textarea").value = "";
        form.querySelector("input[type=file]").value = "";
        showErrors([]);
        status.textContent = answer.message;
        poll();
      } else {
        status.textContent = "";
        showErrors(answer.errors || [answer.message]);
      }
    }).catch(function () {  // no answer the script can read: the typed text stays
      status.textContent = "";
      showErrors([form.querySelector("[data-live-errors]").getAttribute("data-error-failed")]);
    }).then(function () {
      button.disabled = false;
    });
  }

  box.querySelector("form[data-live-reload]").addEventListener("submit", function (event) {
    event.preventDefault();
    wait = EVERY;
    poll();
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      wait = EVERY;
      schedule(0);
    }
  });
  if (form) {
    form.addEventListener("submit", send);
  }
  schedule(EVERY);
}());
