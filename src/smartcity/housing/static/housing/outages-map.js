// The public map of outages: a dot for each one going on (red) or planned (amber).
(function () {
  "use strict";
  var colours = {current: "#c62828", planned: "#f5a000"};
  var element = document.getElementById("outages-map");
  var map = L.map(element).setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {maxZoom: 19, attribution: element.dataset.attribution || ""}).addTo(map);
  }
  fetch(element.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
    L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var colour = colours[feature.properties.phase] || "#9e9e9e";
        return L.circleMarker(latlng, {radius: 8, weight: 1, color: "#333", fillColor: colour, fillOpacity: 0.9});
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.service + " · " + p.where + " · " + p.provider;
        layer.bindPopup(link);
      }
    }).addTo(map);
  });
})();
