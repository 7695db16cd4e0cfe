// Rostrum's only script: copy buttons for the citation fields. Every
// page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy]").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      }, function () {
        field.select();
      });
    });
    field.parentNode.appendChild(button);
  });
  // Opening a cite control selects its permalink, ready to copy by hand.
  document.querySelectorAll("details.cite").forEach(function (d) {
    d.addEventListener("toggle", function () {
      var input = d.querySelector("input");
      if (d.open && input) input.select();
    });
  });
});
