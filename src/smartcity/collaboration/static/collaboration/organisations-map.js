// The map of the organisations directory, from the GeoJSON of the same filters.
(function () {
  "use strict";
  var element = document.getElementById("organisations-map");
  var map = L.map(element).setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {maxZoom: 19, attribution: element.dataset.attribution || ""}).addTo(map);
  }
  fetch(element.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
    L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {radius: 7, color: "#0b4f8a"});
      },
      onEachFeature: function (feature, layer) {
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.name + " (" + feature.properties.kind + ")";
        layer.bindPopup(link);
      }
    }).addTo(map);
  });
})();
