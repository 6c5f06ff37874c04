// Server search. When the site is served by `rulebook serve` (GET /api/health says search: true), the header
// search box and the search page (search-results.html) ask /api/search, which finds clauses and law articles
// and filters by post or department. Opened from files, or from any other server, this script does nothing
// and Material's own search over the site's pages keeps working.
//
// Safety rule for everything below: text from the API goes into the page with textContent. The one exception
// is the snippet, which the server escapes and marks up with <mark>; even that passes through keepMarks().
(function () {
  "use strict";

  var DEBOUNCE_MS = 100;
  var DROPDOWN_LIMIT = 8;
  var PAGE_LIMIT = 20;
  var MAX_QUERY = 500; // the API refuses longer queries
  var MAX_OFFSET = 1000; // ... and deeper pages
  var FILTERS = ["type", "department", "post", "status"];

  // Labels in the page's language, from the JSON the theme puts in every page (indexer/render/script_messages.py);
  // English when a page has none. t("manyResults", {n: 3}) fills the {n} of the message.
  var MESSAGES = (function () {
    try {
      return JSON.parse(document.getElementById("rb-messages").textContent) || {};
    } catch (e) { return {}; }
  })();
  var FALLBACK = {
    typeToSearch: "Type to search the rules and the library", searching: "Searching…", searchFailed: "Search failed: {error}",
    serverAnswered: "the server answered {status}", noResultsFor: "No results for “{q}”", noResults: "No results",
    resultsFor: "{count} for “{q}”", oneResult: "1 result", manyResults: "{n} results", shown: " ({from}–{to} shown)",
    didYouMean: "Did you mean {suggestion}?", allResults: "All {n} results →", searchResults: "Search results", any: "Any",
    posts: "Posts: {posts}", textOf: "Text of {version}", previous: "← Previous", next: "Next →",
    searchHelp: "Type words in Chinese or English; filter by type, department, post or status.", article: "Article {n}",
    buildFailed: "The last build failed; this is the last good version of the site."
  };
  function t(key, vars) {
    var text = MESSAGES[key] || FALLBACK[key] || key;
    return text.replace(/\{(\w+)\}/g, function (m, name) { return vars && name in vars ? String(vars[name]) : m; });
  }
  // The same text with one {placeholder} replaced by a node (a link), for "Did you mean {suggestion}?".
  function tNode(key, name, node) {
    var parts = t(key).split("{" + name + "}");
    var out = document.createDocumentFragment();
    out.append(parts[0] || "", node, parts.slice(1).join("{" + name + "}"));
    return out;
  }
  var LANG = MESSAGES.lang || "";
  var PREFIX = /^[a-z-]*\/?$/i.test(MESSAGES.prefix || "") ? MESSAGES.prefix || "" : ""; // "en/": this language's pages

  // Where the search page cannot search, it says what it needs (the note is hidden until then).
  function showOfflineNote() {
    var note = document.querySelector("[data-rb-search-page] .rb-results__offline[hidden]");
    if (note) note.hidden = false;
  }

  // From file:// there is no API to ask: Material's search is the search.
  if (!/^https?:$/.test(location.protocol)) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showOfflineNote);
    else showOfflineNote();
    return;
  }

  // The search page set its query string aside so that Material would not open its own search dialog with
  // it (see indexer/render/search_page.py); Material has read the URL by now, so put the query string back.
  var stashed = window.__rbSearchState;
  if (typeof stashed === "string") {
    delete window.__rbSearchState;
    history.replaceState(history.state, "", location.pathname + stashed + location.hash);
  }

  // The site root, from Material's page config: pages sit at different depths, the API at the root.
  var root = (function () {
    var base = ".";
    try {
      base = JSON.parse(document.getElementById("__config").textContent).base || ".";
    } catch (e) { /* no config: assume the page is at the root */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  })();

  function siteUrl(path) { return new URL(path.replace(/^\//, ""), root); }

  function resultsPageUrl(params) {
    var url = siteUrl(PREFIX + "search-results.html");
    Object.keys(params).forEach(function (key) {
      if (params[key]) url.searchParams.set(key, params[key]);
    });
    return url.href;
  }

  // ---- talking to the API ----

  // One health check per page load; null when this is not `rulebook serve` (a 404 page, an HTML fallback
  // page, a network error all end here).
  var health = fetch(siteUrl("api/health"), { cache: "no-store", headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (h) { return h && h.search === true ? h : null; })
    .catch(function () { return null; });

  function search(params, signal) {
    var url = siteUrl("api/search");
    Object.keys(params).forEach(function (key) {
      if (params[key] !== "" && params[key] != null) url.searchParams.set(key, params[key]);
    });
    if (LANG) url.searchParams.set("lang", LANG); // hits link to this language's pages
    return fetch(url, { signal: signal, headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) throw new Error(data.error || t("serverAnswered", { status: r.status }));
        return data;
      });
    });
  }

  // ---- building result entries ----

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // The snippet is HTML: escaped text with <mark> around matched words. Parsed in an inert <template> (no
  // script runs, no image loads there) and anything but <mark> and text is flattened to text before it is
  // shown, so a change on the server cannot turn into markup in the page.
  function keepMarks(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") out.appendChild(el("mark", null, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent));
    });
    return out;
  }

  // "第42条 · 第三章 行政许可的实施程序" for a law article, the section heading for a clause of a rule.
  function where(hit) {
    var parts = [];
    if (hit.article != null) parts.push(t("article", { n: hit.article }));
    if (hit.heading) parts.push(hit.heading);
    return parts.join(" · ");
  }

  function count(n) { return n === 1 ? t("oneResult") : t("manyResults", { n: n }); }

  function label(labels, kind, value) {
    return (labels && labels[kind] && labels[kind][value]) || value;
  }

  // One hit as a link: type badge and title, where in the page, snippet; `extra` adds a line of details.
  function hitLink(hit, className, labels, extra) {
    var a = el("a", className);
    a.href = siteUrl(hit.url).href; // hit.url carries the #anchor, so the page opens at the clause
    var title = el("div", "rb-hit__title");
    title.appendChild(el("span", "rb-type rb-type--" + String(hit.type).replace(/[^\w-]/g, ""), label(labels, "type", hit.type)));
    title.appendChild(document.createTextNode(" "));
    title.appendChild(el("span", "rb-hit__name", hit.title));
    a.appendChild(title);
    var at = where(hit);
    if (at) a.appendChild(el("div", "rb-hit__where", at));
    if (hit.snippet) {
      var snippet = el("div", "rb-hit__snippet");
      snippet.appendChild(keepMarks(hit.snippet));
      a.appendChild(snippet);
    }
    if (extra) a.appendChild(extra);
    return a;
  }

  // ---- the header search box ----

  function setupHeader() {
    var input = document.querySelector(".md-search__input");
    var scrollwrap = document.querySelector(".md-search__scrollwrap");
    if (!input || !scrollwrap || input.dataset.rbServer) return;
    input.dataset.rbServer = "1";
    // The class hides Material's own result list and suggestion (server-search.css); its search may still
    // run on focus, unseen, but it no longer gets the keys (below).
    document.documentElement.classList.add("rb-server-search");

    var box = el("div", "md-search-result rb-ss");
    var meta = el("div", "md-search-result__meta rb-ss__meta", t("typeToSearch"));
    meta.setAttribute("role", "status");
    var suggestion = el("div", "rb-ss__dym");
    suggestion.hidden = true;
    var list = el("ol", "md-search-result__list rb-ss__list");
    list.id = "rb-ss-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", t("searchResults"));
    var all = el("a", "rb-ss__all");
    all.id = "rb-ss-all";
    all.setAttribute("data-rb-option", "");
    all.hidden = true;
    box.append(meta, suggestion, list, all);
    scrollwrap.insertBefore(box, scrollwrap.firstChild);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");

    var timer = 0;
    var controller = null;
    var shown = null; // the query whose results are on screen (or on their way)
    var active = -1;

    function options() { return Array.prototype.slice.call(box.querySelectorAll("[data-rb-option]:not([hidden])")); }

    // Select option i (wrapping at the end); -1 leaves the selection, and the focus stays in the box.
    function select(i) {
      var opts = options();
      opts.forEach(function (o) { o.classList.remove("is-selected"); o.setAttribute("aria-selected", "false"); });
      active = i < 0 || !opts.length ? -1 : i % opts.length;
      if (active < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      var o = opts[active];
      o.classList.add("is-selected");
      o.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", o.id);
      o.scrollIntoView({ block: "nearest" });
    }

    function clear(text) {
      list.textContent = "";
      suggestion.hidden = true;
      all.hidden = true;
      meta.textContent = text;
      input.setAttribute("aria-expanded", "false");
      select(-1);
    }

    function render(q, data) {
      list.textContent = "";
      select(-1);
      input.dataset.rbAnswered = q; // which query the list answers (what is typed may be ahead of it)
      var hits = data.hits || [];
      hits.forEach(function (hit, i) {
        var li = el("li", "md-search-result__item rb-ss__item");
        li.id = "rb-ss-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("data-rb-option", "");
        var a = hitLink(hit, "md-search-result__link rb-hit", null);
        a.tabIndex = -1; // the focus stays in the box; arrows move the selection (aria-activedescendant)
        li.appendChild(a);
        list.appendChild(li);
      });
      meta.textContent = data.message || (data.total ? count(data.total) : t("noResultsFor", { q: q }));
      suggestion.textContent = "";
      suggestion.hidden = !data.did_you_mean;
      if (data.did_you_mean) {
        var fix = el("a", null, data.did_you_mean);
        fix.href = resultsPageUrl({ q: data.did_you_mean });
        fix.addEventListener("click", function (ev) {
          ev.preventDefault();
          ev.stopPropagation(); // Material closes the search on any link click inside it; this one stays
          input.value = data.did_you_mean;
          input.focus();
          run();
        });
        suggestion.append(tNode("didYouMean", "suggestion", fix));
      }
      all.hidden = !data.total;
      all.textContent = t("allResults", { n: data.total });
      all.href = resultsPageUrl({ q: q });
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
    }

    function run() {
      clearTimeout(timer);
      var q = input.value.trim().slice(0, MAX_QUERY);
      if (q === shown) return;
      shown = q;
      if (controller) controller.abort(); // an answer to an older query would only flicker past
      controller = null;
      if (!q) return clear(t("typeToSearch"));
      var mine = (controller = new AbortController());
      meta.textContent = t("searching");
      search({ q: q, limit: DROPDOWN_LIMIT }, mine.signal)
        .then(function (data) { if (controller === mine) render(q, data); })
        .catch(function (err) {
          if (err.name === "AbortError") return;
          shown = null; // let the next keystroke try again
          clear(t("searchFailed", { error: err.message }));
        });
    }

    // While an input method composes (pinyin "nianjia" on its way to 年假) the box holds the letters typed:
    // search once the composition ends, not for every letter of it.
    function later(ev) {
      if (ev.isComposing) return;
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    }
    input.addEventListener("input", later);
    input.addEventListener("compositionend", later);
    input.form.addEventListener("reset", function () { setTimeout(run); }); // the × button empties the box
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); });

    // Material runs its search on the box's keyup and handles Enter and the arrows on window's keydown. In the
    // capture phase on window we get every key first: keyup stops here, so Material never searches as the
    // user types; the navigation keys are ours. Escape and Tab go on to Material, which closes the search.
    window.addEventListener("keyup", function (ev) {
      if (ev.target === input) ev.stopPropagation();
    }, true);
    window.addEventListener("keydown", function (ev) {
      if (ev.target !== input || ev.key === "Escape" || ev.key === "Tab") return;
      ev.stopPropagation();
      if (ev.isComposing || ev.keyCode === 229) return; // the keys belong to the input method (pinyin …)
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        select(active + 1);
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        select(active < 0 ? options().length - 1 : active - 1); // up from the first goes back to the box
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        var opts = options();
        var chosen = active >= 0 && opts[active] ? opts[active].querySelector("a") || opts[active] : null;
        if (chosen) chosen.click();
        else if (input.value.trim()) location.href = resultsPageUrl({ q: input.value.trim().slice(0, MAX_QUERY) });
      }
    }, true);

    if (input.value.trim()) run(); // typed before the health check answered
  }

  // ---- the search page ----

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = { q: (params.get("q") || "").slice(0, MAX_QUERY), offset: 0 };
    FILTERS.forEach(function (name) { state[name] = params.get(name) || ""; });
    var offset = parseInt(params.get("offset") || "0", 10);
    state.offset = isFinite(offset) ? Math.max(0, Math.min(MAX_OFFSET, offset)) : 0;
    return state;
  }

  function setupPage(page) {
    if (page.dataset.rbReady) return;
    page.dataset.rbReady = "1";
    var form = page.querySelector(".rb-results__form");
    var input = form.elements.q;
    var status = page.querySelector(".rb-results__status");
    var list = page.querySelector(".rb-results__list");
    var pages = page.querySelector(".rb-results__pages");
    var labels = {};
    try { labels = JSON.parse(page.querySelector(".rb-results__labels").textContent); } catch (e) { /* ids then */ }
    var controller = null;
    var baseTitle = document.title;
    form.hidden = false;

    function fillForm(state) {
      input.value = state.q;
      FILTERS.forEach(function (name) {
        var select = form.elements[name];
        // Keep the chosen value selectable even before the facets arrive
        if (state[name] && !select.querySelector('option[value="' + CSS.escape(state[name]) + '"]')) {
          select.appendChild(el("option", null, label(labels, name, state[name]))).value = state[name];
        }
        select.value = state[name];
      });
    }

    function fillFacets(state, facets) {
      FILTERS.forEach(function (name) {
        var select = form.elements[name];
        var counts = (facets && facets[name]) || {};
        select.textContent = "";
        select.appendChild(el("option", null, t("any"))).value = "";
        var values = Object.keys(counts);
        if (state[name] && values.indexOf(state[name]) < 0) values.unshift(state[name]);
        values.forEach(function (value) {
          var option = el("option", null, label(labels, name, value) + " (" + (counts[value] || 0) + ")");
          option.value = value;
          select.appendChild(option);
        });
        select.value = state[name];
      });
    }

    function details(hit, state) {
      var line = el("div", "rb-hit__meta");
      var bits = [];
      if (hit.status && hit.status !== "in-force") bits.push(label(labels, "status", hit.status));
      if (hit.department) bits.push(label(labels, "department", hit.department));
      if (hit.posts && hit.posts.length) {
        // The post filtered on first: the reason the hit is here
        var posts = hit.posts.filter(function (p) { return p === state.post; }).concat(hit.posts.filter(function (p) { return p !== state.post; }));
        var names = posts.slice(0, 4).map(function (p) { return label(labels, "post", p); });
        bits.push(t("posts", { posts: names.join(LANG === "zh-Hans" ? "、" : ", ") + (hit.posts.length > 4 ? " +" + (hit.posts.length - 4) : "") }));
      }
      if (hit.version) bits.push(t("textOf", { version: hit.version }));
      line.textContent = bits.join(" · ");
      return bits.length ? line : null;
    }

    function pageLink(state, offset, text, current) {
      var a = el("a", current ? "rb-results__page is-current" : "rb-results__page", text);
      var next = Object.assign({}, state, { offset: offset });
      a.href = resultsPageUrl(next);
      if (current) a.setAttribute("aria-current", "page");
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        go(next, true);
        page.scrollIntoView();
      });
      return a;
    }

    function renderPages(state, total) {
      pages.textContent = "";
      var last = Math.min(total - 1, MAX_OFFSET + PAGE_LIMIT - 1);
      var count = Math.floor(last / PAGE_LIMIT) + 1;
      if (count <= 1) return;
      var current = Math.floor(state.offset / PAGE_LIMIT);
      if (current > 0) pages.appendChild(pageLink(state, (current - 1) * PAGE_LIMIT, t("previous")));
      var from = Math.max(0, Math.min(current - 4, count - 9));
      for (var i = from; i < Math.min(count, from + 9); i++) {
        pages.appendChild(pageLink(state, i * PAGE_LIMIT, String(i + 1), i === current));
      }
      if (current < count - 1) pages.appendChild(pageLink(state, (current + 1) * PAGE_LIMIT, t("next")));
    }

    function render(state, data) {
      list.textContent = "";
      fillFacets(state, data.facets);
      var hits = data.hits || [];
      hits.forEach(function (hit) {
        var li = el("li", "rb-results__item");
        li.dataset.posts = (hit.posts || []).join(" ");
        li.dataset.type = hit.type;
        li.appendChild(hitLink(hit, "rb-hit", labels, details(hit, state)));
        list.appendChild(li);
      });
      status.textContent = "";
      var summary = t("resultsFor", { count: data.total ? count(data.total) : t("noResults"), q: state.q });
      if (hits.length && data.total > hits.length) {
        summary += t("shown", { from: state.offset + 1, to: state.offset + hits.length });
      }
      status.appendChild(el("span", "rb-results__count", data.message && !data.total ? data.message : summary));
      if (data.message && data.total) status.appendChild(el("span", "rb-results__message", " " + data.message));
      if (data.did_you_mean) {
        var fix = el("a", null, data.did_you_mean);
        var corrected = Object.assign({}, state, { q: data.did_you_mean, offset: 0 });
        fix.href = resultsPageUrl(corrected);
        fix.addEventListener("click", function (ev) { ev.preventDefault(); go(corrected, true); });
        var dym = el("span", "rb-results__dym", " ");
        dym.append(tNode("didYouMean", "suggestion", fix));
        status.appendChild(dym);
      }
      renderPages(state, data.total || 0);
    }

    function go(state, push) {
      if (push && resultsPageUrl(state) !== location.href) history.pushState(null, "", resultsPageUrl(state));
      fillForm(state);
      document.title = state.q ? state.q + " – " + baseTitle : baseTitle;
      if (controller) controller.abort();
      controller = null;
      if (!state.q) {
        list.textContent = "";
        pages.textContent = "";
        status.textContent = t("searchHelp");
        return;
      }
      var mine = (controller = new AbortController());
      status.textContent = t("searching");
      var params = { q: state.q, limit: PAGE_LIMIT, offset: state.offset || "" }; // offset 0 is the default
      FILTERS.forEach(function (name) { params[name] = state[name]; });
      search(params, mine.signal)
        .then(function (data) { if (controller === mine) render(state, data); })
        .catch(function (err) {
          if (err.name !== "AbortError") status.textContent = t("searchFailed", { error: err.message });
        });
    }

    function fromForm() {
      var state = { q: input.value.trim().slice(0, MAX_QUERY), offset: 0 };
      FILTERS.forEach(function (name) { state[name] = form.elements[name].value; });
      return state;
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      go(fromForm(), true);
    });
    FILTERS.forEach(function (name) {
      form.elements[name].addEventListener("change", function () { go(fromForm(), true); });
    });
    window.addEventListener("popstate", function () { go(readState(), false); });

    // Arrow keys walk from the query box through the result links and back; Escape returns to the box.
    page.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a.rb-hit"));
      var i = links.indexOf(document.activeElement);
      var inBox = document.activeElement === input;
      if (ev.key === "ArrowDown" && (inBox || i >= 0) && links.length) {
        ev.preventDefault();
        links[Math.min(i + 1, links.length - 1)].focus();
      } else if (ev.key === "ArrowUp" && i >= 0) {
        ev.preventDefault();
        if (i === 0) input.focus();
        else links[i - 1].focus();
      } else if (ev.key === "Escape" && i >= 0) {
        input.focus();
      }
    });

    go(readState(), false);
    if (!input.value) input.focus();
  }

  // Without the server the page says what it needs; a query in the URL goes to Material's search instead.
  function offlinePage() {
    showOfflineNote();
    var q = new URLSearchParams(location.search).get("q");
    var box = document.querySelector(".md-search__input");
    if (q && box) {
      box.value = q;
      box.focus();
    }
  }

  // ---- live reload for `rulebook serve --watch` ----

  function watchForReload() {
    if (!window.EventSource) return;
    var events = new EventSource(siteUrl("api/events"));
    events.addEventListener("reload", function () {
      events.close();
      location.reload();
    });
    events.addEventListener("problem", function (event) {
      var data = {};
      try { data = JSON.parse(event.data); } catch (e) { /* keep the banner generic */ }
      showProblem(data.lines || []);
    });
    events.addEventListener("fixed", function () { showProblem([]); });
  }

  // ---- the last build failed: say so over the page, which is still the last good release ----

  function showProblem(lines) {
    var banner = document.querySelector(".rb-build-problem");
    if (!lines.length) {
      if (banner) banner.remove();
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "rb-build-problem";
      banner.setAttribute("role", "alert");
      document.body.insertBefore(banner, document.body.firstChild);
    }
    banner.textContent = "";
    var head = document.createElement("strong");
    head.textContent = t("buildFailed") + " ";
    banner.appendChild(head);
    var list = document.createElement("ul");
    lines.slice(0, 20).forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = String(line); // diagnostics quote rule text: never HTML
      list.appendChild(item);
    });
    banner.appendChild(list);
  }

  // ---- start ----

  health.then(function (info) {
    if (info && info.problem && info.problem.length) showProblem(info.problem);
    if (info && info.watch) watchForReload();
  });

  function init() {
    var page = document.querySelector("[data-rb-search-page]");
    health.then(function (info) {
      if (info) setupHeader();
      if (page) (info ? setupPage : offlinePage)(page);
    });
  }

  // With Material's instant navigation every new page arrives through document$; without it, once.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
