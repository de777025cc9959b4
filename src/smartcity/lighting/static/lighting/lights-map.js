// The street lights on a map, coloured by their live state; refreshed every minute.
(function () {
  "use strict";
  var element = document.getElementById("lights-map");
  var labels = JSON.parse(element.dataset.labels);
  var colours = {on: "#f9a825", dimmed: "#8d6e63", off: "#37474f", fault: "#b3261e", unmanaged: "#9e9e9e", unknown: "#cfd8dc"};
  var map = L.map(element, {preferCanvas: true}).setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {maxZoom: 19, attribution: element.dataset.attribution || ""}).addTo(map);
  }
  var layer = null;
  function load() {
    fetch(element.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
      if (layer) { map.removeLayer(layer); }
      layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var colour = colours[feature.properties.state] || "#000";
          return L.circleMarker(latlng, {radius: 4, weight: 1, color: colour, fillColor: colour, fillOpacity: 0.9});
        },
        onEachFeature: function (feature, marker) {
          var p = feature.properties;
          var text = p.id + " — " + (labels[p.state] || p.state);
          if (p.power !== null) { text += ", " + Math.round(p.power) + " W"; }
          if (p.address) { text += " (" + p.address + ")"; }
          var span = document.createElement("span");
          span.textContent = text;
          marker.bindPopup(span);
        }
      }).addTo(map);
      element.dataset.loaded = String(data.features.length);
    });
  }
  load();
  setInterval(load, 60000);
})();
