// The report form's map: click or drag to place the point, or find a street by name.
// The hidden-by-default coordinate fields stay usable without JavaScript.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("report-form");
  var mapElement = document.getElementById("report-map");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  var category = document.getElementById("id_category");
  var centre = [parseFloat(mapElement.dataset.lat), parseFloat(mapElement.dataset.lon)];
  var map = L.map(mapElement).setView(centre, 14);
  if (mapElement.dataset.tiles) {
    L.tileLayer(mapElement.dataset.tiles, {maxZoom: 19, attribution: mapElement.dataset.attribution || ""}).addTo(map);
  }
  var marker = null;

  function refreshNearby() {
    if (!lat.value || !lon.value || !category.value) return;
    htmx.ajax("GET", script.dataset.nearbyUrl + "?" + new URLSearchParams(
      {category: category.value, latitude: lat.value, longitude: lon.value}), "#nearby");
  }

  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else {
      marker = L.marker(latlng, {draggable: true}).addTo(map);
      marker.on("dragend", function () { place(marker.getLatLng()); });
    }
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    refreshNearby();
  }

  map.on("click", function (event) { place(event.latlng); });
  if (lat.value && lon.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lon.value))); }

  category.addEventListener("change", function () {
    htmx.ajax("GET", script.dataset.attributesUrl + "?category=" + encodeURIComponent(category.value),
              "#attributes");
    refreshNearby();
  });

  var search = document.getElementById("street-search");
  var results = document.getElementById("street-results");
  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(search.dataset.url + "?q=" + encodeURIComponent(search.value))
        .then(function (response) { return response.json(); })
        .then(function (data) {
          results.replaceChildren();
          data.streets.forEach(function (street) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "street-choice";
            button.textContent = street.name;
            button.addEventListener("click", function () {
              var point = L.latLng(street.latitude, street.longitude);
              map.setView(point, 17);
              place(point);
              document.getElementById("id_address").value = street.name;
              results.replaceChildren();
            });
            results.appendChild(button);
          });
        });
    }, 200);
  });
  form.addEventListener("submit", function () {
    form.querySelector("[data-testid=report-submit]").disabled = true;  // one click, one report
  });
})();
