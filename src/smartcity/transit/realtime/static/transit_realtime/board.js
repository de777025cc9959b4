// A stop board refreshes its rows every twenty seconds.
(function () {
  "use strict";
  var board = document.getElementById("stop-board");
  setInterval(function () {
    fetch(board.dataset.url, {headers: {"HX-Request": "true"}})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { board.innerHTML = html; } });
  }, 20000);
})();
