// Refresh the #poll region every few seconds, unless the user is typing or the tab is hidden.
// Without JavaScript the page still works: reload it by hand.
(function () {
  "use strict";
  var box = document.getElementById("poll");
  if (!box || !window.fetch) { return; }
  var seconds = parseInt(box.getAttribute("data-seconds"), 10) || 20;
  function busy() {
    var el = document.activeElement;
    return document.hidden || (el && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function refresh() {
    if (busy()) { return; }
    fetch(box.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        box.innerHTML = html;
        // The list carries the page title with its count of new cases: "(3) Kotak masuk".
        var title = box.querySelector("[data-title]");
        if (title) { document.title = title.getAttribute("data-title"); }
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }
  window.setInterval(refresh, seconds * 1000);
}());
