// Search page: runs the query in ?q= against the Pagefind index, with filters, as readers type.
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script.getAttribute("data-bundle");
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var params = new URLSearchParams(window.location.search);
  var pagefind;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-filter")] = select.value;
    });
    return filters;
  }

  function fillFilters(available) {
    selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      Object.keys(available[name] || {}).sort().forEach(function (value) {
        var option = element("option", "", value + "（" + available[name][value] + "）");
        option.value = value;
        option.selected = params.get(name) === value;
        select.appendChild(option);
      });
    });
    document.getElementById("search-filters").hidden = false;
  }

  async function run() {
    var query = input.value.trim();
    var filters = chosenFilters();
    list.textContent = "";
    if (!query && Object.keys(filters).length === 0) {
      status.textContent = "请输入关键词，或选择筛选条件。";
      return;
    }
    var search = await pagefind.search(query || null, { filters: filters });
    var results = await Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
    results.forEach(function (data) {
      var item = element("li");
      var link = element("a", "", data.meta.title);
      link.href = data.url;
      var heading = element("h2");
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(element("p", "result-meta", [data.meta.agency, data.meta.date].filter(Boolean).join(" · ")));
      var excerpt = element("p", "result-excerpt");
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text and adds only <mark>
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = "找到 " + search.results.length + " 条通知" +
      (search.results.length > results.length ? "，显示前 " + results.length + " 条。" : "。");
  }

  async function start() {
    pagefind = await import(bundle + "pagefind.js");
    await pagefind.options({ excerptLength: 40 });
    fillFilters(await pagefind.filters());
    input.value = params.get("q") || "";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var next = new URLSearchParams();
      if (input.value.trim()) next.set("q", input.value.trim());
      Object.entries(chosenFilters()).forEach(function (pair) { next.set(pair[0], pair[1]); });
      history.replaceState(null, "", "?" + next.toString());
      run();
    });
    selects.forEach(function (select) { select.addEventListener("change", run); });
    run();
  }

  start().catch(function () {
    status.textContent = "搜索索引加载失败。可以按发文机关或截止日期浏览。";
  });
})();
