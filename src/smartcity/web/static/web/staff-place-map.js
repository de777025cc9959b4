// The staff request page's "place on the map": a click (or a drag of the marker) fills
// the place form's latitude and longitude, which stay usable without JavaScript. The
// panel is re-rendered by htmx after each action, so the map is drawn again after a swap.
(function () {
  "use strict";

  function draw() {
    var element = document.getElementById("place-map");
    if (!element || element.dataset.drawn) return;
    element.dataset.drawn = "1";
    var lat = document.getElementById("place-latitude");
    var lon = document.getElementById("place-longitude");
    var centre = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    var map = L.map(element).setView(centre, 14);
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, {maxZoom: 19, attribution: element.dataset.attribution || ""}).addTo(map);
    }
    var marker = null;

    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.marker(latlng, {draggable: true}).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng()); });
      }
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
    }

    map.on("click", function (event) { place(event.latlng); });
    if (lat.value && lon.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lon.value))); }
  }

  draw();
  document.body.addEventListener("htmx:afterSwap", draw);
})();
