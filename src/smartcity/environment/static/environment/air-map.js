// The air-quality stations on a map, coloured by the European Air Quality Index.
(function () {
  "use strict";
  var element = document.getElementById("air-map");
  var colours = {1: "#50f0e6", 2: "#50ccaa", 3: "#f0e641", 4: "#ff5050", 5: "#960032", 6: "#7d2181"};
  var map = L.map(element).setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], 12);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {maxZoom: 19, attribution: element.dataset.attribution || ""}).addTo(map);
  }
  fetch(element.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
    L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var colour = colours[feature.properties.level] || "#9e9e9e";
        return L.circleMarker(latlng, {radius: 10, color: "#1f2328", weight: 1, fillColor: colour, fillOpacity: 0.9});
      },
      onEachFeature: function (feature, marker) {
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.name + (feature.properties.label ? ": " + feature.properties.label : "");
        marker.bindPopup(link);
      }
    }).addTo(map);
    element.dataset.loaded = String(data.features.length);
  });
})();
