// The overview map's time filter (ld-events): draws the map of the events of a period, chosen
// with two month fields, from the filter index the build writes (map/index/places.json, which
// also gives the months the fields offer, and one file per month, map/index/YYYY-MM.json, read
// only for the months chosen). Markers that would overlap are gathered as the build gathers
// them (publish/maps.py, bounded_clusters) on the same drawing, and each cluster's places are
// listed below the map. The period is in the address
// (?from=2021-06&to=2021-08). Without this script the map shows every event and the form
// stays hidden.
(function () {
  "use strict";
  var form = document.getElementById("map-filter");
  var figure = document.querySelector(".map-figure");
  var svg = figure && figure.querySelector("svg.map");
  var layer = svg && svg.querySelector("g.markers");
  var list = document.getElementById("map-clusters");
  if (!form || !layer || !window.fetch || !window.URLSearchParams) return;
  var SVG = "http://www.w3.org/2000/svg";
  var RADIUS = 6, CLUSTER_RADIUS = 11, LISTED = Number(form.getAttribute("data-listed"));
  var MAX_MARKERS = Number(form.getAttribute("data-max-markers"));
  var index = form.getAttribute("data-index");
  var from = form.elements.from, to = form.elements.to;
  var status = document.getElementById("map-filter-status");
  var caption = figure.querySelector("figcaption").firstChild;  // the note, before the credit
  var original = { markers: layer.innerHTML, list: list ? list.innerHTML : "", note: caption.nodeValue };
  var extent = svg.getAttribute("data-extent").split(" ").map(Number);
  var width = Number(svg.getAttribute("width")), height = Number(svg.getAttribute("height"));
  var places = null, monthList = null, months = {}, run = 0;

  function load(name) {
    return fetch(index + name + ".json").then(function (response) {
      if (!response.ok) throw new Error(index + name + ".json: " + response.status);
      return response.json();
    });
  }

  function round(value) { return Math.round(value * 10) / 10; }
  function num(value) { var text = value.toFixed(1); return text.slice(-2) === ".0" ? text.slice(0, -2) : text; }

  // As Extent.project in publish/basemap.py.
  function project(lat, long) {
    return [round((long - extent[0]) / (extent[2] - extent[0]) * width),
            round((extent[3] - lat) / (extent[3] - extent[1]) * height)];
  }

  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  // As cluster() in publish/maps.py: each marker joins the first group whose anchor is closer
  // than size (a marker's width), else starts a group.
  function cluster(markers, size) {
    var groups = [], anchors = [], cells = {};
    markers.sort(function (a, b) {
      return compare(b.lat, a.lat) || compare(a.long, b.long) || compare(a.label, b.label) || compare(a.href, b.href);
    });
    markers.forEach(function (marker) {
      var at = project(marker.lat, marker.long);
      var cx = Math.floor(at[0] / size), cy = Math.floor(at[1] / size), near = [];
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          (cells[(cx + dx) + "," + (cy + dy)] || []).forEach(function (i) {
            var ax = anchors[i][0] - at[0], ay = anchors[i][1] - at[1];
            if (ax * ax + ay * ay < size * size) near.push(i);
          });
        }
      }
      if (near.length) { groups[Math.min.apply(null, near)].push(marker); return; }
      (cells[cx + "," + cy] = cells[cx + "," + cy] || []).push(groups.length);
      groups.push([marker]);
      anchors.push(at);
    });
    return groups;
  }

  // As bounded_clusters(): from farther apart until there are at most MAX_MARKERS groups.
  function boundedClusters(markers) {
    var size = 2 * RADIUS, groups = cluster(markers, size);
    while (groups.length > MAX_MARKERS) {
      size *= 1.5;
      groups = cluster(markers, size);
    }
    return groups;
  }

  function svgElement(name, attributes, parent) {
    var made = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { made.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(made);
    return made;
  }

  function draw(marker) {
    var at = project(marker.lat, marker.long), cluster = marker.count > 1;
    var link = svgElement("a", {
      "class": "marker" + (cluster ? " cluster" : "") + (marker.approximate ? " approximate" : ""),
      href: marker.href, "aria-label": marker.label, "data-lat": marker.lat,
      "data-long": marker.long, "data-count": marker.count
    });
    svgElement("title", {}, link).textContent = marker.label;
    svgElement("circle", { cx: num(at[0]), cy: num(at[1]), r: cluster ? CLUSTER_RADIUS : RADIUS }, link);
    if (cluster) {
      svgElement("text", { x: num(at[0]), y: num(at[1]), dy: "0.35em", "text-anchor": "middle", "aria-hidden": "true" }, link)
        .textContent = String(marker.count);
    }
    return link;
  }

  // A cluster's places, as the build lists them: by events, then in places.json's order.
  function group(members, number) {
    var counts = {}, order = [];
    members.forEach(function (m) {
      if (!(m.place in counts)) { counts[m.place] = 0; order.push(m.place); }
      counts[m.place] += 1;
    });
    order.sort(function (a, b) { return counts[b] - counts[a] || a - b; });
    var names = places[order[0]][2];
    if (order.length > 1) names += " and " + (order.length - 1) + " other place" + (order.length > 2 ? "s" : "");
    return { anchor: "cluster-" + number, title: members.length + " events: " + names, places: order, counts: counts };
  }

  function element(name, text, parent) {
    var made = document.createElement(name);
    if (text) made.textContent = text;
    if (parent) parent.appendChild(made);
    return made;
  }

  function listGroup(found) {
    var section = element("section", "", list);
    section.setAttribute("aria-labelledby", found.anchor);
    element("h3", found.title, section).id = found.anchor;
    var ul = element("ul", "", section);
    found.places.slice(0, LISTED).forEach(function (p) {
      var li = element("li", "", ul), a = element("a", places[p][2], li);
      a.href = places[p][3];
      li.appendChild(document.createTextNode(" "));
      element("span", "(" + found.counts[p] + " event" + (found.counts[p] === 1 ? "" : "s") + ")", li).className = "note";
    });
    var rest = found.places.slice(LISTED);
    if (rest.length) {
      var events = rest.reduce(function (sum, p) { return sum + found.counts[p]; }, 0);
      element("li", "and " + rest.length + " other place" + (rest.length === 1 ? "" : "s") +
        " (" + events + " event" + (events === 1 ? "" : "s") + ")", ul).className = "note";
    }
  }

  function render(events, chosen) {
    var markers = events.map(function (e) {
      var p = places[e[0]];
      return { lat: p[0], long: p[1], label: e[1] + " (" + p[2] + ")", href: e[2], count: 1, approximate: p[4], place: e[0] };
    });
    var shown = [];
    if (list) list.innerHTML = "";
    boundedClusters(markers).forEach(function (members) {
      if (members.length === 1) { shown.push(members[0]); return; }
      var found = group(members, shown.filter(function (m) { return m.count > 1; }).length + 1);
      if (list) listGroup(found);
      var first = members[0];
      shown.push({ lat: first.lat, long: first.long, label: found.title, href: "#" + found.anchor,
        count: members.length, approximate: members.every(function (m) { return m.approximate; }) });
    });
    shown.sort(function (a, b) {
      return compare(b.count, a.count) || compare(a.lat, b.lat) || compare(a.long, b.long) || compare(a.label, b.label);
    });
    layer.innerHTML = "";
    shown.forEach(function (marker) { layer.appendChild(draw(marker)); });
    if (list) list.closest("section").hidden = !list.children.length;
    var total = chosen.reduce(function (sum, m) { return sum + m[2]; }, 0);
    var period = chosen[0][1] + (chosen.length > 1 ? " to " + chosen[chosen.length - 1][1] : "");
    var text = events.length + " of " + total + " event" + (total === 1 ? "" : "s") + " of " + period + " are on the map.";
    caption.nodeValue = text + " ";
    status.textContent = text;
  }

  function chosenMonths() {
    var keys = monthList.map(function (m) { return m[0]; });
    var a = keys.indexOf(from.value), b = keys.indexOf(to.value);
    if (a > b) { var swap = a; a = b; b = swap; }
    return monthList.slice(a, b + 1);
  }

  function everything() { return from.selectedIndex === 0 && to.selectedIndex === to.options.length - 1; }

  function update() {
    var address = new URL(window.location.href);
    var mine = ++run;
    if (everything()) {
      address.search = "";
      window.history.replaceState(null, "", address);
      layer.innerHTML = original.markers;
      if (list) { list.innerHTML = original.list; list.closest("section").hidden = false; }
      caption.nodeValue = original.note;
      status.textContent = "All events are on the map.";
      svg.dispatchEvent(new CustomEvent("markerschange", { bubbles: true }));
      return;
    }
    address.search = new URLSearchParams({ from: from.value, to: to.value }).toString();
    window.history.replaceState(null, "", address);
    status.textContent = "Loading…";
    var chosen = chosenMonths();
    Promise.all(chosen.filter(function (m) { return m[3] > 0; }).map(function (m) {
      if (!months[m[0]]) months[m[0]] = load(m[0]);
      return months[m[0]];
    })).then(function (files) {
      if (mine !== run) return;
      render([].concat.apply([], files.map(function (f) { return f.events; })), chosen);
      svg.dispatchEvent(new CustomEvent("markerschange", { bubbles: true }));
    }).catch(function (error) {
      status.textContent = "The events of that period could not be read (" + error.message + ").";
    });
  }

  load("places").then(function (read) {
    places = read.places;
    monthList = read.months;
    [from, to].forEach(function (field) {
      monthList.forEach(function (month) {
        var option = document.createElement("option");
        option.value = month[0];
        option.textContent = month[1];
        field.appendChild(option);
      });
    });
    to.options[to.options.length - 1].defaultSelected = true;  // what "All events" restores
    to.selectedIndex = to.options.length - 1;
    var query = new URLSearchParams(window.location.search);
    [[from, query.get("from")], [to, query.get("to")]].forEach(function (pair) {
      if (pair[1] && Array.prototype.some.call(pair[0].options, function (o) { return o.value === pair[1]; })) pair[0].value = pair[1];
    });
    form.hidden = false;
    from.addEventListener("change", update);
    to.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    if (!everything()) update();
  }).catch(function () { /* no index (a page saved alone): the map shows every event */ });
})();
