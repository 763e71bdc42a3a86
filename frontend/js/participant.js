// Progressive enhancement for participant pages: measures the response time on the client, prevents an
// accidental second click and offers a button that copies the completion code. Pages work fully without it; the
// server also ignores duplicate submissions.
(function () {
  "use strict";
  var shown = (window.performance && performance.now) ? performance.now() : Date.now();
  function copyButtons() {
    var buttons = document.querySelectorAll("button.xs-copy[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) { return; }
      var status = button.parentNode.querySelector(".xs-copied");
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          if (status) { status.textContent = "Copied"; }
        }, function () {
          if (status) { status.textContent = "Select the code and copy it by hand"; }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    copyButtons();
    var form = document.getElementById("step-form");
    if (!form) { return; }
    form.addEventListener("submit", function () {
      var now = (window.performance && performance.now) ? performance.now() : Date.now();
      var rt = document.getElementById("xs-rt");
      if (rt) { rt.value = String(Math.max(0, Math.round(now - shown))); }
      var button = form.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  });
})();
