// The report form's category suggestions: asked for while the resident types; a click
// on one sets the category. Without JavaScript the same choices are submit buttons (and a
// "Suggest" button asks for them): the form comes back with the category chosen.
(function () {
  "use strict";
  var script = document.currentScript;
  var description = document.getElementById("id_description");
  var category = document.getElementById("id_category");
  var box = document.getElementById("category-suggestions");
  var ask = document.getElementById("suggest-ask");
  // Removed, not hidden: the first submit button is the one Enter presses.
  if (ask) { ask.remove(); }
  box.querySelectorAll("button.suggestion").forEach(function (b) { b.type = "button"; });
  var timer = null;
  var asked = description.value.trim();

  function markChosen() {
    box.querySelectorAll("button.suggestion").forEach(function (b) {
      b.setAttribute("aria-pressed", b.value === category.value ? "true" : "false");
    });
  }

  function refresh() {
    var text = description.value.trim();
    if (text === asked) return;
    asked = text;
    if (!text) { box.replaceChildren(); return; }
    htmx.ajax("GET", script.dataset.url + "?" + new URLSearchParams({description: text}),
              {target: "#category-suggestions", swap: "innerHTML"});
  }

  description.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  box.addEventListener("htmx:afterSwap", markChosen);
  category.addEventListener("change", markChosen);
  box.addEventListener("click", function (event) {
    var button = event.target.closest("button.suggestion");
    if (!button) return;
    event.preventDefault();
    category.value = button.value;
    // report-map.js listens: the category's questions and nearby reports follow.
    category.dispatchEvent(new Event("change"));
  });
})();
