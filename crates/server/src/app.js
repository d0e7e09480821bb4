// Marsad web UI: the little progressive JavaScript the pages use. Everything
// works without it; it only adds a loading state to searches and a "/" key that
// jumps to the search box. Served as a static file because the CSP forbids
// inline scripts.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.search");
  if (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector(".loading");
      if (status) {
        status.textContent = form.getAttribute("data-loading") || "…";
        status.hidden = false;
      }
      var results = document.getElementById("results");
      if (results) {
        results.setAttribute("aria-busy", "true");
      }
    });
  }
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (event.key === "/" && box && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
});
