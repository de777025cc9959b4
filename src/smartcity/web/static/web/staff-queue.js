// The back office queue: "select all" for the bulk form and the map of the filtered requests.
(function () {
  // "Select all on this page" ticks every row of the bulk form.
  var all = document.querySelector("[data-select-all]");
  if (all) all.addEventListener("change", function () {
    document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = all.checked; });
  });
  var el = document.getElementById("queue-map");
  if (!el || !window.L) return;
  var map = L.map(el, {preferCanvas: true}).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 13);
  if (el.dataset.tileUrl) L.tileLayer(el.dataset.tileUrl, {maxZoom: 19, attribution: el.dataset.attribution || ""}).addTo(map);
  fetch(el.dataset.geojsonUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var late = feature.properties.overdue;
        return L.circleMarker(latlng, {radius: 6, color: late ? "#b3261e" : "#0b4f8a", weight: late ? 3 : 1, fillOpacity: .6});
      },
      onEachFeature: function (feature, marker) {
        var p = feature.properties, a = document.createElement("a");
        a.href = el.dataset.requestUrl.replace("CODE", encodeURIComponent(p.tracking_code));
        a.textContent = p.tracking_code;
        var box = document.createElement("div");
        box.appendChild(a);
        box.appendChild(document.createTextNode(" · " + p.category + " · " + p.status_label + (p.address ? " · " + p.address : "")));
        marker.bindPopup(box);
      }
    }).addTo(map);
    if (data.features.length) map.fitBounds(layer.getBounds(), {maxZoom: 16, padding: [20, 20]});
    if (data.truncated) document.getElementById("queue-map-note").textContent = el.dataset.truncatedText;
  });
})();
