// The public map of waste containers, coloured by how full each one is.
(function () {
  "use strict";
  var colours = {low: "#2e7d32", half: "#f5c400", full: "#e65100", over: "#8e0000", unknown: "#9e9e9e"};
  var element = document.getElementById("containers-map");
  var map = L.map(element).setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {maxZoom: 19, attribution: element.dataset.attribution || ""}).addTo(map);
  }
  fetch(element.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
    L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var colour = colours[feature.properties.band] || colours.unknown;
        return L.circleMarker(latlng, {radius: 6, weight: 1, color: "#333", fillColor: colour, fillOpacity: 0.9});
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        var text = p.ref + (p.address ? " · " + p.address : "") + " · " +
          (p.percent === null ? element.dataset.labelUnknown : p.percent + "% " + element.dataset.labelFull);
        var box = document.createElement("span");
        box.textContent = text;
        layer.bindPopup(box);
      }
    }).addTo(map);
  });
})();
