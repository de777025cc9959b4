// The map of a line (its shapes and stops) or of one stop; data from a json_script.
(function () {
  "use strict";
  var element = document.getElementById("transit-map");
  var data = JSON.parse(document.getElementById("transit-map-data").textContent);
  var map = L.map(element);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {maxZoom: 19, attribution: element.dataset.attribution || ""}).addTo(map);
  }
  var bounds = L.latLngBounds([]);
  data.shapes.forEach(function (points) {
    var line = L.polyline(points, {color: data.color, weight: 5, opacity: 0.8}).addTo(map);
    bounds.extend(line.getBounds());
  });
  data.stops.forEach(function (stop) {
    var marker = L.circleMarker([stop.lat, stop.lon], {radius: 6, weight: 2, color: "#222", fillColor: "#fff", fillOpacity: 1})
      .addTo(map);
    var link = document.createElement("a");
    link.href = "../../stops/" + encodeURIComponent(stop.id) + "/";
    link.textContent = stop.name;
    marker.bindPopup(link);
    bounds.extend([stop.lat, stop.lon]);
  });
  if (bounds.isValid()) {
    map.fitBounds(bounds, {padding: [20, 20], maxZoom: 16});
  } else {
    map.setView([47.7617, 27.9289], 13);
  }
  element.dataset.ready = String(data.stops.length);
})();
