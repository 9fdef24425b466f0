// Khabar's page: a small hash router over the JSON API. Every piece of text
// from the API is inserted with textContent, never as HTML.
"use strict";

const view = document.getElementById("view");
const statusLine = document.getElementById("status");
const dateFormat = new Intl.DateTimeFormat("ar", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const PER_PAGE = 20;

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
  }
  return node;
}

function formatDate(text) {
  if (!text) return "—";
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : dateFormat.format(date);
}

function span(first, last) {
  if (!first && !last) return "بلا تاريخ";
  if (first === last || !last) return formatDate(first);
  return formatDate(first) + " ← " + formatDate(last);
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
  return body;
}

function show(title, ...nodes) {
  document.title = title + " — خبر";
  view.replaceChildren(...nodes);
  statusLine.textContent = "";
  document.getElementById("main").focus({ preventScroll: true });
}

function outletList(sources) {
  return element("ul", { class: "outlets", "aria-label": "المصادر" }, ...sources.map((source) => element("li", {}, source)));
}

async function showStoryList(params) {
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  const query = new URLSearchParams({ page: String(page), per_page: String(PER_PAGE) });
  if (params.get("source")) query.set("source", params.get("source"));
  const listing = await getJson("/api/stories?" + query);
  const items = listing.stories.map((story) =>
    element("li", {},
      element("h2", {}, element("a", { href: "#/story/" + encodeURIComponent(story.id) }, story.headline || story.id)),
      outletList(story.sources),
      element("p", { class: "meta" }, story.articles + " مقالة · " + span(story.first_published, story.last_published))));
  const pager = element("nav", { class: "pager", "aria-label": "الصفحات" });
  if (page > 1) pager.append(element("a", { href: "#/?page=" + (page - 1) }, "→ الأحدث"));
  pager.append(element("span", { class: "meta" }, "صفحة " + page + " من " + Math.max(1, Math.ceil(listing.total / PER_PAGE))));
  if (page * PER_PAGE < listing.total) pager.append(element("a", { href: "#/?page=" + (page + 1) }, "التالي ←"));
  show("القصص",
    element("h1", {}, "القصص"),
    element("p", { class: "meta" }, listing.total + " قصة"),
    element("ol", { class: "story-list" }, ...items),
    pager);
}

async function showStory(id) {
  const response = await getJson("/api/stories/" + encodeURIComponent(id));
  const card = response.card;
  const merged = response.merged_into
    ? element("p", { class: "meta" }, "دُمجت القصة " + response.requested_id + " في هذه القصة.")
    : null;
  const summary = element("section", { "aria-labelledby": "summary-heading" },
    element("h2", { id: "summary-heading" }, "الملخص"),
    element("ol", { class: "summary" }, ...card.summary.map((sentence) =>
      element("li", {}, sentence.sentence, " ",
        element("span", { class: "meta" }, "(" + sentence.sources.join("، ") + ")")))));
  const entities = element("section", { "aria-labelledby": "entities-heading" },
    element("h2", { id: "entities-heading" }, "الأسماء والكيانات"),
    element("ul", { class: "entities" }, ...card.entities.map((entity) => {
      const others = entity.variants.filter((variant) => variant !== entity.name);
      return element("li", {}, element("strong", {}, entity.name),
        others.length ? element("span", { class: "variants" }, " — تُكتب أيضًا: " + others.join("، ")) : null,
        element("span", { class: "meta" }, " · " + entity.mentions + " ذكر"));
    })));
  const onlyHereOutlets = Object.entries(card.only_here || {});
  const onlyHere = element("section", { "aria-labelledby": "only-heading" },
    element("h2", { id: "only-heading" }, "ما انفرد به كل مصدر"),
    onlyHereOutlets.length
      ? element("div", { class: "only-here" }, ...onlyHereOutlets.map(([outlet, sentences]) =>
        element("article", {}, element("h3", {}, outlet),
          sentences.length ? element("ul", {}, ...sentences.map((sentence) => element("li", {}, sentence)))
            : element("p", { class: "meta" }, "لا شيء انفرد به."))))
      : element("p", { class: "meta" }, "مصدر واحد فقط."));
  const timeline = element("section", { "aria-labelledby": "timeline-heading" },
    element("h2", { id: "timeline-heading" }, "التسلسل الزمني"),
    element("ol", { class: "timeline" }, ...card.timeline.map((entry) =>
      element("li", { class: entry.copy_of ? "copy" : null },
        element("time", { datetime: entry.published || "" }, formatDate(entry.published)), " · ",
        element("span", { class: "chip" }, entry.source), " ",
        element("a", { href: "#/article/" + encodeURIComponent(entry.id) }, entry.title || entry.id),
        entry.copy_of ? element("span", { class: "meta" }, " (نسخة)") : null))));
  show(card.headline,
    element("article", { class: "story" },
      element("h1", {}, card.headline),
      merged,
      outletList(card.sources.map((source) => source.source + " (" + source.articles + ")")),
      element("p", { class: "meta" }, card.article_count + " مقالة، " + card.copy_count + " نسخة · " + span(card.first_seen, card.last_seen)),
      element("div", { class: "card-grid" }, element("div", {}, summary, onlyHere), element("div", {}, entities, timeline))));
}

// Snippet ranges are UTF-8 byte offsets; JavaScript strings are UTF-16.
function highlightedSnippet(snippet) {
  const bytes = new TextEncoder().encode(snippet.fragment);
  const decoder = new TextDecoder();
  const paragraph = element("p", { class: "snippet" });
  let position = 0;
  for (const [start, end] of snippet.highlighted) {
    paragraph.append(decoder.decode(bytes.slice(position, start)));
    paragraph.append(element("mark", {}, decoder.decode(bytes.slice(start, end))));
    position = end;
  }
  paragraph.append(decoder.decode(bytes.slice(position)));
  return paragraph;
}

async function showSearch(params) {
  const text = params.get("q") || "";
  document.getElementById("search-input").value = text;
  const results = await getJson("/api/search?" + new URLSearchParams({ q: text }));
  const stories = results.stories.map((story) =>
    element("article", { class: "story" },
      element("h2", {}, element("a", { href: "#/story/" + encodeURIComponent(story.story) }, story.articles[0].title || story.story)),
      ...story.articles.slice(0, 3).map((hit) => element("div", {},
        element("p", { class: "meta" }, element("span", { class: "chip" }, hit.source), " ",
          element("a", { href: "#/article/" + encodeURIComponent(hit.id) }, hit.title || hit.id), " · ", formatDate(hit.published)),
        hit.snippet ? highlightedSnippet(hit.snippet) : null))));
  const aliases = results.expanded_aliases.length
    ? element("p", { class: "meta" }, "بحثنا أيضًا عن: " + results.expanded_aliases.join("، "))
    : null;
  show("بحث: " + text,
    element("h1", {}, "نتائج البحث عن «" + text + "»"),
    element("p", { class: "meta" }, results.total_articles + " مقالة مطابقة"),
    aliases,
    element("div", { class: "search-results" }, ...stories));
}

// The original body with each removed passage struck through.
function bodyWithRemovals(body, removed) {
  const container = element("div", { class: "article-text" });
  let position = 0;
  for (const removal of removed) {
    const at = removal.text ? body.indexOf(removal.text, position) : -1;
    if (at < 0) continue;
    container.append(body.slice(position, at));
    container.append(element("del", { title: removal.rule }, removal.text));
    position = at + removal.text.length;
  }
  container.append(body.slice(position));
  return container;
}

async function showArticle(id) {
  const response = await getJson("/api/articles/" + encodeURIComponent(id));
  const article = response.article;
  const removals = article.removed.length
    ? element("ul", { class: "removals" }, ...article.removed.map((removal) =>
      element("li", {}, element("span", { class: "chip", lang: "en", dir: "ltr" }, removal.rule), " ", removal.text)))
    : element("p", { class: "meta" }, "لم يُحذف شيء.");
  const story = response.current_story
    ? element("p", {}, element("a", { href: "#/story/" + encodeURIComponent(response.current_story) }, "القصة كاملة"))
    : null;
  show(article.title || article.id,
    element("article", {},
      element("h1", {}, article.title || article.id),
      element("p", { class: "meta" }, element("span", { class: "chip" }, article.source || "—"), " · ", formatDate(article.published),
        article.url ? element("span", {}, " · ", element("a", { href: article.url, rel: "noopener noreferrer" }, "المصدر")) : null),
      story,
      element("section", { "aria-labelledby": "body-heading" },
        element("h2", { id: "body-heading" }, "النص كما ورد، وما حذفه التنظيف"),
        element("p", { class: "legend meta" }, "المشطوب ", element("del", {}, "هكذا"), " أزاله التنظيف."),
        bodyWithRemovals(article.body, article.removed)),
      element("section", { "aria-labelledby": "removed-heading" },
        element("h2", { id: "removed-heading" }, "ما حُذف ولماذا"), removals)));
}

async function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, queryText] = hash.split("?");
  const params = new URLSearchParams(queryText || "");
  statusLine.textContent = "جارٍ التحميل…";
  try {
    if (path.startsWith("/story/")) return await showStory(decodeURIComponent(path.slice(7)));
    if (path.startsWith("/article/")) return await showArticle(decodeURIComponent(path.slice(9)));
    if (path === "/search") return await showSearch(params);
    return await showStoryList(params);
  } catch (error) {
    view.replaceChildren(element("p", { role: "alert" }, "تعذّر التحميل: " + error.message));
    statusLine.textContent = "";
  }
}

document.getElementById("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = document.getElementById("search-input").value.trim();
  if (text) location.hash = "#/search?" + new URLSearchParams({ q: text });
});
window.addEventListener("hashchange", route);
route();
