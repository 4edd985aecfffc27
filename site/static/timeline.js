// The timeline's filters (ld-events): fills the form from the filter index the build writes
// (events/index/facets.json) and lists the events that match, reading only the months that can
// match (events/index/YYYY-MM.json). The filter is in the address (?month=2021-06&type=airStrike),
// so a filtered view can be linked to. Without this script the timeline lists every event.
(function () {
  "use strict";
  var form = document.getElementById("timeline-filter");
  var results = document.getElementById("timeline-results");
  var list = document.getElementById("timeline-list");
  if (!form || !results || !list || !window.fetch || !window.URLSearchParams) return;
  var index = form.getAttribute("data-index");
  var root = form.getAttribute("data-root");
  var FIELDS = ["month", "type", "country", "actor"];
  var STEP = 100;
  var facets = null;
  var months = {};
  var run = 0;
  // The site's words, when it is not in English (publish/script_words.py).
  var WORDS = JSON.parse(form.getAttribute("data-words") || "{}");

  function fillIn(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) {
      return values[name] === undefined ? "" : String(values[name]);
    });
  }

  function t(message, values) {
    return fillIn((WORDS.messages && WORDS.messages[message]) || message, values || {});
  }

  function plural(key, count, english, values) {
    var forms = WORDS.plurals && WORDS.plurals[key];
    var form = forms
      ? forms[new Intl.PluralRules(WORDS.language).select(count)] || forms.other
      : english[count === 1 ? 0 : 1];
    var all = { num: count };
    Object.keys(values || {}).forEach(function (name) { all[name] = values[name]; });
    return fillIn(form, all);
  }

  function load(name) {
    return fetch(index + name + ".json").then(function (response) {
      if (!response.ok) throw new Error(index + name + ".json: " + response.status);
      return response.json();
    });
  }

  function element(name, text, parent) {
    var made = document.createElement(name);
    if (text) made.textContent = text;
    if (parent) parent.appendChild(made);
    return made;
  }

  function option(parent, value, text) {
    var made = element("option", text, parent);
    made.value = value;
  }

  function byLabel(values) {
    return values.slice().sort(function (a, b) { return a[1].localeCompare(b[1]); });
  }

  function fill() {
    var groups = {};
    facets.months.forEach(function (month) {
      var undated = month[0] === "undated";
      var year = undated ? t("Undated") : month[0].slice(0, 4);
      if (!groups[year]) {
        groups[year] = element("optgroup", "", form.elements.month);
        groups[year].label = year;
        if (!undated) option(groups[year], year, t("All of %(year)s", { year: year }));
      }
      option(groups[year], month[0], t("%(month)s (%(count)s)", { month: month[1], count: month[2] }));
    });
    byLabel(facets.types).forEach(function (v) { option(form.elements.type, v[0], v[1]); });
    byLabel(facets.countries).forEach(function (v) { option(form.elements.country, v[0], v[1]); });
  }

  // The actors are many (a tenth of the events): read when the actor field is first used.
  var actorsRead = null;
  function withActors() {
    if (!actorsRead) {
      actorsRead = load("actors").then(function (data) {
        facets.actors = data.actors;
        var datalist = document.getElementById("timeline-actors");
        byLabel(facets.actors).forEach(function (v) { option(datalist, v[1], ""); });
      });
    }
    return actorsRead;
  }

  // The positions of a facet's values that match: all (null), those with the key, or for the
  // actor any whose label contains the text.
  function chosen(values, wanted, contains) {
    if (!wanted) return null;
    var found = {};
    var needle = wanted.toLowerCase();
    values.forEach(function (v, i) {
      if (contains ? v[1].toLowerCase().indexOf(needle) >= 0 : v[0] === wanted) found[i] = v[2];
    });
    return found;
  }

  function matches(row, column, found) {
    if (!found) return true;
    return row[column].some(function (i) { return i in found; });
  }

  // The months worth reading: those in the chosen time, in which each chosen facet occurs.
  function candidates(filter, picks) {
    return facets.months.map(function (m, i) { return i; }).filter(function (i) {
      var key = facets.months[i][0];
      if (filter.month && key !== filter.month && key.slice(0, 4) !== filter.month) return false;
      return picks.every(function (found) {
        if (!found) return true;
        return Object.keys(found).some(function (p) { return found[p].indexOf(i) >= 0; });
      });
    });
  }

  function current() {
    var params = new URLSearchParams(window.location.search);
    var filter = {};
    FIELDS.forEach(function (name) { filter[name] = (params.get(name) || "").trim(); });
    return filter;
  }

  function monthLabel(key) {
    var month = facets.months.filter(function (m) { return m[0] === key; })[0];
    return month ? month[1] : key;
  }

  function describe(filter) {
    var parts = [];
    var select = function (name) {
      var field = form.elements[name];
      return field.options[field.selectedIndex] ? field.options[field.selectedIndex].text : filter[name];
    };
    if (filter.month) parts.push(monthLabel(filter.month));
    if (filter.type) parts.push(t("action type %(type)s", { type: select("type") }));
    if (filter.country) parts.push(t("in %(country)s", { country: select("country") }));
    if (filter.actor) parts.push(t("actor “%(actor)s”", { actor: filter.actor }));
    return parts.join(t(", "));
  }

  function row(event, parent) {
    var item = element("li", "", parent);
    element("span", event[2], item).className = "when";
    item.appendChild(document.createTextNode(" "));
    element("a", event[1], item).href = root + event[0];
    var badge = event[3] === "EventSeries" ? t("series")
      : event[3] === "Statement" ? t("statement")
      : event[3] === "Event" ? "" : event[3].toLowerCase();
    [badge, event[4] ? t("machine-coded") : ""].forEach(function (text) {
      if (!text) return;
      item.appendChild(document.createTextNode(" "));
      element("span", text, item).className = "badge";
    });
  }

  function show(filter) {
    var mine = ++run;
    var active = FIELDS.some(function (name) { return filter[name]; });
    FIELDS.forEach(function (name) { form.elements[name].value = filter[name]; });
    list.hidden = active;
    results.hidden = !active;
    results.textContent = "";
    if (!active) return;
    var summary = element("p", t("Searching…"), results);
    summary.setAttribute("role", "status");
    var fail = function (error) {
      summary.textContent = t("The filter index could not be read (%(error)s).", { error: error.message });
    };
    (filter.actor ? withActors() : Promise.resolve()).then(function () {
      if (mine === run) listMatches(filter, mine, summary, fail);
    }, fail);
  }

  function listMatches(filter, mine, summary, fail) {
    var picks = [chosen(facets.types, filter.type), chosen(facets.countries, filter.country),
      filter.actor ? chosen(facets.actors, filter.actor, true) : null];
    var todo = candidates(filter, picks);
    var found = 0;
    var limit = STEP;
    var heading = null;
    var ul = null;
    var more = element("button", t("Show more"), null);
    more.type = "button";

    function next() {
      if (mine !== run) return;
      if (found >= limit || !todo.length) return finish();
      var key = facets.months[todo.shift()][0];
      (months[key] ? Promise.resolve(months[key]) : load(key)).then(function (data) {
        if (mine !== run) return;
        months[key] = data;
        data.events.forEach(function (event) {
          if (!(matches(event, 5, picks[0]) && matches(event, 6, picks[1]) && matches(event, 7, picks[2]))) return;
          if (heading !== key) {
            heading = key;
            element("h2", monthLabel(key), results);
            ul = element("ul", "", results);
            ul.className = "timeline";
          }
          row(event, ul);
          found += 1;
        });
        next();
      }).catch(fail);
    }

    function finish() {
      var what = describe(filter);
      if (todo.length) {
        summary.textContent = plural("first events", found, ["The first %(num)s event that matches: %(what)s.",
          "The first %(num)s events that match: %(what)s."], { what: what });
        results.appendChild(more);
      } else {
        summary.textContent = plural("events match", found, ["%(num)s event matches: %(what)s.",
          "%(num)s events match: %(what)s."], { what: what });
        if (more.parentNode) more.parentNode.removeChild(more);
      }
    }

    more.addEventListener("click", function () {
      limit = found + STEP;
      results.removeChild(more);
      next();
    });
    next();
  }

  function go(filter) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (filter[name]) params.set(name, filter[name]); });
    var query = params.toString();
    window.history.pushState(null, "", window.location.pathname + (query ? "?" + query : ""));
    show(filter);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var filter = {};
    FIELDS.forEach(function (name) { filter[name] = form.elements[name].value.trim(); });
    go(filter);
  });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    go({month: "", type: "", country: "", actor: ""});
  });
  window.addEventListener("popstate", function () { show(current()); });

  form.elements.actor.addEventListener("focus", function () { withActors(); });
  load("facets").then(function (data) {
    facets = data;
    fill();
    form.hidden = false;
    show(current());
  }).catch(function () { /* no index: the timeline stays as it is, unfiltered */ });
})();
