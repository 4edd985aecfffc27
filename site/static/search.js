// The site's search: Pagefind's static index (pagefind/, written by `ld-events build`), read in
// the browser; no server. Results are grouped by kind (events first) and narrowed by kind, year
// and country. Without JavaScript the box stays hidden and the page is unchanged.
const box = document.querySelector(".site-search");
// The site's words, when it is not in English (publish/script_words.py): messages by their
// English text, and plural messages by key, one form per plural category of the language.
const WORDS = JSON.parse((box && box.dataset.words) || "{}");
const FILTERS = [
  ["kind", "Kind", "All kinds"],
  ["year", "Year", "All years"],
  ["country", "Country", "All countries"],
];
const GROUPS = { Event: "Events", Actor: "Actors", Place: "Places", Source: "Sources" };
const SHOWN = 8; // results listed per kind

function fill(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

function t(message, values = {}) {
  return fill((WORDS.messages && WORDS.messages[message]) || message, values);
}

function plural(key, count, english, values = {}) {
  const forms = WORDS.plurals && WORDS.plurals[key];
  const form = forms
    ? forms[new Intl.PluralRules(WORDS.language).select(count)] || forms.other
    : english[count === 1 ? 0 : 1];
  return fill(form, { ...values, num: count });
}

function element(name, attributes = {}, text = "") {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

async function start() {
  const root = new URL(box.dataset.root || "./", document.baseURI);
  let pagefind;
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: "/", excerptLength: 24 });
    await pagefind.init();
  } catch (error) {
    return; // no index (a site built without it, or opened from disk): no box
  }
  const form = box.querySelector("form");
  const input = box.querySelector("input");
  const panel = box.querySelector(".search-results");
  const selects = await filterControls(pagefind, form);
  box.hidden = false;
  let asked = 0;

  async function update() {
    const question = ++asked;
    const term = input.value.trim();
    const filters = {};
    for (const [key, select] of selects) if (select.value) filters[key] = select.value;
    if (!term && !Object.keys(filters).length) {
      panel.hidden = true;
      panel.replaceChildren();
      return;
    }
    const search = await pagefind.debouncedSearch(term || null, { filters }, 200);
    if (search === null || question !== asked) return; // a newer question is on its way
    const results = await Promise.all(search.results.slice(0, 60).map((r) => r.data()));
    if (question !== asked) return;
    show(panel, results, root, search.results.length);
  }
  input.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      for (const [, select] of selects) select.value = "";
      update();
      input.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      step(event, input, panel);
    }
  });
}

// The arrow keys move from the box down the results and back up to the box; Enter opens the
// result in focus (it is a link). A filter's menu keeps its own arrows.
function step(event, input, panel) {
  const links = panel.hidden ? [] : [...panel.querySelectorAll("li a")];
  const at = links.indexOf(document.activeElement);
  if (!links.length || (at < 0 && document.activeElement !== input)) return;
  const down = event.key === "ArrowDown";
  if (at < 0 && !down) return;
  event.preventDefault();
  const next = down ? links[Math.min(at + 1, links.length - 1)] : links[at - 1] || input;
  next.focus();
}

async function filterControls(pagefind, form) {
  const available = await pagefind.filters();
  const selects = [];
  for (const [key, label, all] of FILTERS) {
    const values = Object.keys(available[key] || {});
    if (!values.length) continue;
    values.sort((a, b) => (key === "year" ? b.localeCompare(a) : a.localeCompare(b)));
    const id = `search-${key}`;
    const select = element("select", { id, name: key });
    select.append(element("option", { value: "" }, t(all)));
    for (const value of values) {
      select.append(element("option", { value }, key === "kind" ? t(value) : value));
    }
    const field = element("span", { class: "search-filter" });
    field.append(element("label", { for: id, class: "visually-hidden" }, t(label)), select);
    form.append(field);
    selects.push([key, select]);
  }
  return selects;
}

function show(panel, results, root, total) {
  const groups = new Map();
  const ranked = [...results].sort((a, b) => rank(a) - rank(b)); // stable: relevance within
  for (const result of ranked) {
    const kind = result.meta.kind || "";
    if (!groups.has(kind)) groups.set(kind, []);
    groups.get(kind).push(result);
  }
  const parts = [element("p", { class: "search-count", role: "status" }, count(total))];
  for (const [kind, members] of groups) {
    const section = element("section", { class: "search-group" });
    section.append(element("h2", {}, t(GROUPS[kind] || kind || "Other pages")));
    const list = element("ol");
    for (const result of members.slice(0, SHOWN)) {
      const item = element("li");
      const href = new URL(result.url.replace(/^\//, ""), root).href;
      item.append(element("a", { href }, result.meta.title || result.url));
      const excerpt = element("p", { class: "search-excerpt" });
      excerpt.innerHTML = result.excerpt; // Pagefind's text, escaped, with <mark> around hits
      item.append(excerpt);
      list.append(item);
    }
    section.append(list);
    parts.push(section);
  }
  panel.replaceChildren(...parts);
  panel.hidden = false;
}

function rank(result) {
  const value = Number.parseInt(result.meta.rank, 10);
  return Number.isNaN(value) ? 99 : value;
}

function count(total) {
  if (total === 0) return t("No pages found.");
  return plural("pages found", total, ["%(num)s page found.", "%(num)s pages found."]);
}

if (box) start();
