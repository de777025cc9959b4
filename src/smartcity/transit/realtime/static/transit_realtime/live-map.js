// The live map: polls the vehicles' JSON and moves one marker per vehicle.
(function () {
  "use strict";
  var element = document.getElementById("live-map");
  var filter = document.getElementById("line-filter");
  var list = document.getElementById("vehicle-list");
  var count = document.getElementById("vehicle-count");
  var map = L.map(element).setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {maxZoom: 19, attribution: element.dataset.attribution || ""}).addTo(map);
  }
  var markers = {};
  function describe(v) {
    var text = (v.line ? element.dataset.labelLine + " " + v.line + " · " : "") + v.label;
    if (v.delay !== null) {
      var minutes = Math.round(Math.abs(v.delay) / 60);
      if (minutes) { text += " · " + minutes + " " + (v.delay > 0 ? element.dataset.labelLate : element.dataset.labelEarly); }
    }
    if (v.off_route) { text += " · " + element.dataset.labelOff; }
    return text;
  }
  function refresh() {
    var url = element.dataset.url + (filter.value ? "?route=" + encodeURIComponent(filter.value) : "");
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      var seen = {};
      list.textContent = "";
      data.vehicles.forEach(function (v) {
        seen[v.vehicle] = true;
        var colour = v.color ? "#" + v.color : "#555";
        if (!markers[v.vehicle]) {
          markers[v.vehicle] = L.circleMarker([v.lat, v.lon], {radius: 8, weight: 2, color: "#fff", fillOpacity: 1}).addTo(map);
        }
        markers[v.vehicle].setLatLng([v.lat, v.lon]).setStyle({fillColor: colour});
        markers[v.vehicle].bindTooltip(describe(v));
        var item = document.createElement("li");
        item.dataset.vehicle = v.vehicle;
        item.textContent = describe(v);
        list.appendChild(item);
      });
      Object.keys(markers).forEach(function (ref) {
        if (!seen[ref]) { map.removeLayer(markers[ref]); delete markers[ref]; }
      });
      count.textContent = data.vehicles.length;
    });
  }
  filter.addEventListener("change", refresh);
  refresh();
  setInterval(refresh, 10000);
})();
