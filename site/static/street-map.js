// The street map (ld-events): with the config's map: tiles, each drawn map gets a button that
// shows the same markers on a street map (Leaflet, static/vendor/leaflet/, loaded on the first
// click), with tiles from the configured server and its attribution. The drawing stays the
// default and comes back with the same button; if Leaflet or the tiles cannot load (offline),
// the drawing is all there is. The overview map's time filter redraws the markers it shows
// (a "markerschange" event), and the street map follows.
(function () {
  "use strict";
  var figures = document.querySelectorAll("figure.map-figure[data-tiles]");
  if (!figures.length || !window.Promise) return;
  var root = figures[0].getAttribute("data-root");
  var loading = null;

  function leaflet() {
    if (window.L) return Promise.resolve(window.L);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = root + "static/vendor/leaflet/leaflet.css";
        document.head.appendChild(css);
        var script = document.createElement("script");
        script.src = root + "static/vendor/leaflet/leaflet.js";
        script.onload = function () { resolve(window.L); };
        script.onerror = function () { loading = null; reject(new Error("Leaflet could not be loaded")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // The markers the drawing shows now: position, name, link, how many events.
  function markers(svg) {
    return Array.prototype.map.call(svg.querySelectorAll("a.marker"), function (a) {
      return {
        lat: Number(a.getAttribute("data-lat")), long: Number(a.getAttribute("data-long")),
        label: a.getAttribute("aria-label"), href: a.getAttribute("href"),
        count: Number(a.getAttribute("data-count")),
        approximate: a.classList.contains("approximate")
      };
    });
  }

  // A marker as a link (in the tab order, read as a link), like the drawing's.
  function icon(L, marker) {
    var cluster = marker.count > 1;
    var link = document.createElement("a");
    link.className = "street-marker" + (cluster ? " cluster" : "") + (marker.approximate ? " approximate" : "");
    link.href = marker.href;
    link.title = marker.label;
    link.setAttribute("aria-label", marker.label);
    link.setAttribute("data-lat", marker.lat);
    link.setAttribute("data-long", marker.long);
    link.setAttribute("data-count", marker.count);
    if (cluster) link.textContent = String(marker.count);
    var size = cluster ? 22 : 12;
    return L.divIcon({ html: link, className: "street-marker-icon", iconSize: [size, size] });
  }

  Array.prototype.forEach.call(figures, function (figure) {
    var svg = figure.querySelector("svg.map");
    var button = figure.querySelector(".street-map-toggle");
    if (!svg || !button) return;
    var container = null, map = null, layer = null, showing = false;

    function draw(L) {
      if (layer) layer.remove();
      layer = L.layerGroup(markers(svg).map(function (m) {
        return L.marker([m.lat, m.long], { icon: icon(L, m), keyboard: false, title: "" });
      })).addTo(map);
    }

    function show(L) {
      if (!map) {
        container = document.createElement("div");
        container.className = "street-map";
        container.setAttribute("role", "group");
        container.setAttribute("aria-label", "Street map: " + svg.getAttribute("aria-label"));
        figure.insertBefore(container, svg);
        map = L.map(container, { scrollWheelZoom: false });
        L.tileLayer(figure.getAttribute("data-tiles"), { maxZoom: 18 }).addTo(map);
        map.attributionControl.addAttribution(escape(figure.getAttribute("data-attribution")));
        var extent = svg.getAttribute("data-extent").split(" ").map(Number);
        map.fitBounds([[extent[1], extent[0]], [extent[3], extent[2]]]);
        figure.streetMap = map;  // for scripts (and tests) that want it
        svg.addEventListener("markerschange", function () { draw(L); });
      }
      draw(L);
      container.style.display = "";
      svg.style.display = "none";
      map.invalidateSize();
      button.textContent = "Show drawn map";
      showing = true;
    }

    function hide() {
      if (container) container.style.display = "none";
      svg.style.display = "";
      button.textContent = "Show street map";
      showing = false;
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (showing) { hide(); return; }
      button.disabled = true;
      leaflet().then(show, function () {
        button.textContent = "The street map could not be loaded";
      }).then(function () { button.disabled = false; });
    });
  });

  function escape(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
})();
