// Small behaviours of every page, bound here rather than in handler attributes, which the
// Content-Security-Policy forbids: a <select data-autosubmit> sends its form when it
// changes, a <button data-print> prints the page.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});
