// Rostrum's only script: copy buttons for the citation fields, and the
// document page's one turn cite control. Every page works without it: a
// turn's Cite link then opens the turn's cite page.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  turnCite();
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

// turnCite makes each turn's Cite link open the page's one cite control
// (#cite-turn) in that turn: the permalink at once, the citation from the
// API.
function turnCite() {
  var box = document.getElementById("cite-turn");
  if (!box) return;
  var input = box.querySelector("input"), text = box.querySelector("textarea");
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.cite-link[data-turn]");
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    var n = a.getAttribute("data-turn");
    var fill = function (s) { return s.split("{n}").join(n); };
    if (box.previousElementSibling === a && box.open && box.getAttribute("data-n") === n) {
      box.open = false;
      return;
    }
    box.setAttribute("data-n", n);
    box.querySelector(".cite-n").textContent = n;
    input.value = fill(box.getAttribute("data-permalink"));
    box.querySelectorAll("a[data-pattern]").forEach(function (l) {
      l.href = fill(l.getAttribute("data-pattern"));
    });
    text.value = "…";
    a.parentNode.insertBefore(box, a.nextSibling);
    box.hidden = false;
    box.open = true;
    fetch(fill(box.getAttribute("data-api")), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (c) { if (box.getAttribute("data-n") === n) text.value = c.text; })
      .catch(function () { text.value = "The citation could not be loaded: open " + a.href; });
  });
}
