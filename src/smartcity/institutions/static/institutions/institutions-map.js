// The public map of institutions: a dot per institution, blue for education, purple for
// culture, ringed green when open now.
(function () {
  "use strict";
  var colours = {education: "#1565c0", culture: "#7b1fa2"};
  var element = document.getElementById("institutions-map");
  var map = L.map(element).setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {maxZoom: 19, attribution: element.dataset.attribution || ""}).addTo(map);
  }
  fetch(element.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
    L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        return L.circleMarker(latlng, {
          radius: 8, weight: p.open_now ? 3 : 1, color: p.open_now ? "#2e7d32" : "#333",
          fillColor: colours[p.sector] || "#9e9e9e", fillOpacity: 0.9
        });
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.name + " · " + p.kind_label + (p.open_now ? " · " + element.dataset.openLabel : "");
        layer.bindPopup(link);
      }
    }).addTo(map);
  });
})();
