// Shows a question only when the answer it depends on is one of its listed codes
// (the server applies the same rule when the answers are submitted).
(function () {
  "use strict";
  const form = document.querySelector("form.survey");
  if (!form) return;
  function answerOf(code) {
    return Array.from(form.querySelectorAll('[name="q-' + code + '"]'))
      .filter((input) => (input.type === "radio" || input.type === "checkbox") ? input.checked : input.value)
      .map((input) => input.value);
  }
  function update() {
    form.querySelectorAll("fieldset[data-show-if]").forEach((fieldset) => {
      const wanted = fieldset.dataset.showValues.split(" ");
      const shown = answerOf(fieldset.dataset.showIf).some((value) => wanted.includes(value));
      fieldset.hidden = !shown;
    });
  }
  form.addEventListener("change", update);
  update();
})();
