// Search page: the query in ?q= run against every year's Pagefind bundle (merged), with filters,
// a sort, and the whole state in the URL so a search can be shared.
//
// The index holds every Han character as a word (digest/search/index.py), so a query is set apart
// the same way and searched as a phrase: a notice is found by any string its text contains.
// Notices holding the whole query as typed come first, then those holding each of its words.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-bundle");
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var sortSelect = document.getElementById("search-sort");
  var openBox = document.getElementById("filter-open");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var PAGE = 20;
  var WORD = "0-9A-Za-z\\u00c0-\\u024f";  // as digest/search/index.py sets text apart
  var APART = new RegExp("(?<=\\S)(?=\\S)(?<![\\p{Ps}\\p{Pi}])(?![\\p{Pe}\\p{Pf}\\p{Po}\\p{Pd}\\p{Pc}])" +
                         "(?:(?<![" + WORD + "])|(?![" + WORD + "]))", "gu");
  var JOINED = new RegExp(" (?:(?<![" + WORD + "] )|(?![" + WORD + "]))", "gu");
  var IS_WORD = new RegExp("[" + WORD + "]", "u");
  var pagefind, bundles = [], closesMonths = [], shown = [], found = [], run = 0;

  function spaced(text) { return text.replace(APART, " "); }
  function unspaced(text) { return text.replace(JOINED, ""); }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The words of a query, and the query as one string: words are joined without a space unless
  // both sides are letters or digits (so 305 号 and 305号 are the same, real world two words).
  function queryParts(query) {
    var parts = query.trim().split(/\s+/).filter(function (p) { return /[\p{L}\p{N}]/u.test(p); });
    var whole = parts.reduce(function (joined, part) {
      if (!joined) return part;
      var apart = IS_WORD.test(joined.slice(-1)) && IS_WORD.test(Array.from(part)[0]);
      return joined + (apart ? " " : "") + part;
    }, "");
    return { parts: parts, whole: whole };
  }

  function today() {
    return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-filter")] = select.value;
    });
    if (openBox.checked) {
      var month = today().slice(0, 7);
      filters.closes = { any: closesMonths.filter(function (m) { return m >= month; }).concat(["none"]) };
    }
    return filters;
  }

  function phrase(text) { return '"' + spaced(text) + '"'; }

  async function searchIds(term, filters, sort) {
    var options = { filters: filters };
    if (sort) options.sort = { date: "desc" };
    return pagefind.search(term === null ? null : phrase(term), options);
  }

  // A query's phrases: Pagefind matches a phrase only within a run of text without punctuation,
  // so the query is cut where it has spaces, punctuation or symbols, and each piece searched.
  function phrases(query) {
    return query.split(/[\s\p{P}\p{S}]+/u).filter(function (p) { return /[\p{L}\p{N}]/u.test(p); });
  }
  function normal(text) { return text.replace(/[^\p{L}\p{N}]+/gu, "").toLowerCase(); }
  var CHECKED = 60;  // results whose text is read for the whole query where punctuation cuts it

  // Ids in order, with each result kept for its data, and the filter counts: notices holding
  // every phrase; those holding the whole query (spaces and punctuation aside) first.
  async function find(query, filters, byDate) {
    var pieces = Array.from(new Set(phrases(query)));
    var results = {};
    function keep(search) { search.results.forEach(function (r) { results[r.id] = r; }); return search; }
    if (!pieces.length) {
      var all = [];
      for (var b = 0; b < bundles.length; b++) {
        var perYear = keep(await searchIds(null, Object.assign({}, filters, { bundle: bundles[b] }), true));
        all = all.concat(perYear.results.map(function (r) { return r.id; }));
      }
      return { ids: all, results: results, counts: (await pagefind.search(null, { filters: filters })).filters };
    }
    var searches = await Promise.all(pieces.map(function (p) { return searchIds(p, filters).then(keep); }));
    searches.sort(function (a, b) { return a.results.length - b.results.length; });
    var sets = searches.slice(1).map(function (s) { return new Set(s.results.map(function (r) { return r.id; })); });
    var held = searches[0].results.filter(function (r) { return sets.every(function (set) { return set.has(r.id); }); });
    var ids = held.map(function (r) { return r.id; });
    if (pieces.length > 1 && !byDate) {
      // Those holding the whole query first: a phrase search where it is one piece once its
      // spaces are gone (仿制药 一致性评价), else a look at the text of the first results.
      var whole = phrases(queryParts(query).whole);
      var first;
      if (whole.length === 1) {
        var joined = keep(await searchIds(whole[0], filters));
        first = new Set(joined.results.map(function (r) { return r.id; }));
      } else {
        var checked = held.slice(0, CHECKED);
        var datas = await Promise.all(checked.map(function (r) { return r.data(); }));
        var target = normal(query);
        first = new Set(checked.filter(function (r, i) {
          return normal(unspaced(datas[i].content)).indexOf(target) >= 0;
        }).map(function (r) { return r.id; }));
      }
      ids = ids.filter(function (id) { return first.has(id); }).concat(ids.filter(function (id) { return !first.has(id); }));
    }
    if (byDate) {
      var member = new Set(ids);
      var dated = [];
      for (var y = 0; y < bundles.length; y++) {
        var sorted = keep(await searchIds(pieces[0], Object.assign({}, filters, { bundle: bundles[y] }), true));
        sorted.results.forEach(function (r) { if (member.has(r.id)) dated.push(r.id); });
      }
      ids = dated;
    }
    return { ids: ids, results: results, counts: searches[0].filters };
  }

  function isOpen(meta, day) {
    return (meta.windows || "").split(";").some(function (w) {
      var f = w.trim().split(" ");
      return f.length === 3 && f[1] <= day && day <= f[2];
    });
  }

  // The body's text around the first hit, the hits marked; the body's start where it has none.
  function excerpt(content, query) {
    var text = unspaced(content);
    var start = text.indexOf("正文.");  // the body's heading (visually hidden on the page)
    var body = (start >= 0 ? text.slice(start + 3) : text).trim();
    var q = queryParts(query);
    var needles = [q.whole].concat(q.parts).map(unspaced).filter(Boolean);
    var lower = body.toLowerCase();
    var at = -1;
    for (var i = 0; i < needles.length && at < 0; i++) at = lower.indexOf(needles[i].toLowerCase());
    var from = Math.max(0, at - 30);
    var piece = body.slice(from, from + 110);
    var node = element("p", "result-excerpt");
    if (from > 0) node.appendChild(document.createTextNode("…"));
    var pieceLower = piece.toLowerCase();
    var pos = 0;
    while (pos < piece.length) {
      var next = -1, length = 0;
      needles.forEach(function (n) {
        var k = pieceLower.indexOf(n.toLowerCase(), pos);
        if (k >= 0 && (next < 0 || k < next || (k === next && n.length > length))) { next = k; length = n.length; }
      });
      if (next < 0) break;
      node.appendChild(document.createTextNode(piece.slice(pos, next)));
      node.appendChild(element("mark", "", piece.slice(next, next + length)));
      pos = next + length;
    }
    node.appendChild(document.createTextNode(piece.slice(pos) + (from + 110 < body.length ? "…" : "")));
    return node;
  }

  function field(list, label, value, datetime) {
    if (!value) return;
    var row = element("div");
    row.appendChild(element("dt", "", label));
    var dd = element("dd");
    if (datetime) {
      var time = element("time", "", value);
      time.dateTime = datetime;
      dd.appendChild(time);
    } else {
      dd.textContent = value;
    }
    row.appendChild(dd);
    list.appendChild(row);
  }

  function cnDate(iso) {
    var p = (iso || "").split("-");
    return p.length === 3 ? p[0] + " 年 " + Number(p[1]) + " 月 " + Number(p[2]) + " 日" : "";
  }

  function item(data, query) {
    var meta = data.meta;
    var li = element("li", "result");
    var heading = element("h2");
    var link = element("a", "", meta.title);
    link.href = data.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var fields = element("dl", "result-meta");
    field(fields, "成文日期", cnDate(meta.date), meta.date);
    field(fields, "发文机关", meta.agency);
    field(fields, "栏目", [meta.section, meta.group].filter(Boolean).join(" · "));
    li.appendChild(fields);
    li.appendChild(excerpt(data.content, query));
    return li;
  }

  async function showMore(query, focus) {
    var next = found.slice(shown.length, shown.length + PAGE);
    var datas = await Promise.all(next.map(function (r) { return r.data(); }));
    var firstLink = null;
    datas.forEach(function (data) {
      var li = item(data, query);
      firstLink = firstLink || li.querySelector("a");
      list.appendChild(li);
      shown.push(data);
    });
    more.hidden = shown.length >= found.length;
    more.textContent = "显示更多（还有 " + (found.length - shown.length) + " 条）";
    if (focus && firstLink) firstLink.focus();
  }

  function fillCounts(counts) {
    selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      var values = counts[name] || {};
      var chosen = select.value;
      while (select.options.length > 1) select.remove(1);
      var names = Object.keys(values).sort();
      if (name === "year") names.reverse();
      if (chosen && names.indexOf(chosen) < 0) names.unshift(chosen);
      names.forEach(function (value) {
        var option = element("option", "", value + "（" + (values[value] || 0) + "）");
        option.value = value;
        option.selected = value === chosen;
        select.appendChild(option);
      });
    });
  }

  function writeUrl() {
    var next = new URLSearchParams();
    if (input.value.trim()) next.set("q", input.value.trim());
    selects.forEach(function (s) { if (s.value) next.set(s.getAttribute("data-filter"), s.value); });
    if (openBox.checked) next.set("open", "1");
    if (sortSelect.value !== "relevance") next.set("sort", sortSelect.value);
    var search = next.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  async function update() {
    var mine = ++run;
    var query = input.value.trim();
    var filters = chosenFilters();
    if (!query && Object.keys(filters).length === 0) {
      list.textContent = "";
      more.hidden = true;
      found = []; shown = [];
      status.textContent = "请输入关键词，或选择筛选条件。";
      return;
    }
    status.textContent = "正在搜索……";
    var answer = await find(query, filters, sortSelect.value === "date");
    if (mine !== run) return;
    var results = answer.ids.map(function (id) { return answer.results[id]; });
    if (openBox.checked) {
      var day = today();
      var datas = await Promise.all(results.map(function (r) { return r.data(); }));
      results = results.filter(function (r, i) { return isOpen(datas[i].meta, day); });
    }
    if (mine !== run) return;
    fillCounts(answer.counts || {});
    found = results;
    shown = [];
    list.textContent = "";
    await showMore(query, false);
    status.textContent = found.length ? "找到 " + found.length + " 条通知" +
      (found.length > shown.length ? "，先显示 " + shown.length + " 条。" : "。") : "找到 0 条通知。换个说法，或减少筛选条件。";
  }

  async function start() {
    var params = new URLSearchParams(window.location.search);
    var listing = await (await fetch(root + "bundles.json")).json();
    bundles = listing.bundles.map(function (b) { return b.replace(/\/$/, ""); });
    pagefind = await import(root + listing.bundles[0] + "pagefind.js");
    await pagefind.options({ excerptLength: 30, mergeFilter: { bundle: bundles[0] } });
    await Promise.all(listing.bundles.slice(1).map(function (b, i) {
      return pagefind.mergeIndex(root + b, { mergeFilter: { bundle: bundles[i + 1] } });
    }));
    var available = await pagefind.filters();
    closesMonths = Object.keys(available.closes || {});
    selects.forEach(function (select) { select.value = ""; });
    fillCounts(available);
    selects.forEach(function (select) {
      var wanted = params.get(select.getAttribute("data-filter"));
      if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) select.value = wanted;
    });
    input.value = params.get("q") || "";
    openBox.checked = params.get("open") === "1";
    sortSelect.value = params.get("sort") === "date" ? "date" : "relevance";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      writeUrl();
      update();
    });
    selects.concat([sortSelect, openBox]).forEach(function (control) {
      control.addEventListener("change", function () { writeUrl(); update(); });
    });
    more.addEventListener("click", function () { showMore(input.value.trim(), true); });
    form.setAttribute("data-ready", "");
    await update();
  }

  start().catch(function (error) {
    status.textContent = "搜索索引加载失败。可以按发文机关或截止日期浏览。";
    if (window.console) console.warn(error);
  });
})();
