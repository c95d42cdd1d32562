// Statuses as of the day the page is read. A page says which day its statuses were computed for
// (data-as-of, the build date in Beijing); when today in Beijing is another day, every status is
// computed again here from the dates it carries, by the rules of digest/statuses.py, and lists of
// what can still be acted on drop what has closed. Without JavaScript the page reads right as of its
// date. Also: the copy buttons of calendar addresses.
(function () {
  "use strict";

  // Kept equal to WORDS in digest/statuses.py (the tests compare them).
  var WORDS = /* WORDS */{
    "apply": {"upcoming": "未开始", "open": "进行中", "soon": "即将截止", "closed": "已截止"},
    "submit": {"upcoming": "未开始", "open": "进行中", "soon": "即将截止", "closed": "已截止"},
    "comment": {"upcoming": "未开始", "open": "意见征集中", "closed": "已截止"},
    "publicity": {"upcoming": "未开始", "open": "公示中", "closed": "公示期满"},
    "effective": {"upcoming": "未施行", "closed": "已施行"},
    "event": {"upcoming": "未开始", "open": "进行中", "closed": "已结束"},
    "other": {"upcoming": "未开始", "open": "进行中", "soon": "即将截止", "closed": "已截止"}
  }/* end WORDS */;
  var ACTIONABLE = /* ACTIONABLE */["apply", "submit", "comment", "publicity"]/* end ACTIONABLE */;
  var DAY = 86400000;

  // Today in Beijing (UTC+8 all year), as YYYY-MM-DD.
  function beijingToday() {
    return new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  }

  // Whole days from one ISO date to another (both read as UTC midnights).
  function daysBetween(from, to) {
    return Math.round((Date.parse(to) - Date.parse(from)) / DAY);
  }

  // As digest/statuses.py phase_on.
  function phase(today, kind, start, end, soonDays) {
    if (kind === "effective") return today >= end ? "closed" : "upcoming";
    if (today > end) return "closed";
    if ((start && today < start) || (kind === "event" && !start && today < end)) return "upcoming";
    if (WORDS[kind].soon && daysBetween(today, end) <= soonDays) return "soon";
    return "open";
  }

  function cnDate(iso) {
    var p = iso.split("-");
    return +p[0] + " 年 " + +p[1] + " 月 " + +p[2] + " 日";
  }

  function daysLeftText(today, start, end) {
    if (start && start > today) return daysBetween(today, start) + " 天后开始";
    var days = daysBetween(today, end);
    return days > 0 ? "还剩 " + days + " 天" : "今天截止";
  }

  // Rows of windows not yet begun (the 尚未开始 table) that have opened by today move into the page's
  // table of what can be acted on, in its order (closing soonest first); an emptied table's section goes.
  function moveOpened(opening, into) {
    var body = into.tBodies[0], rows = opening.querySelectorAll("tbody tr");
    for (var i = 0; i < rows.length; i++) {
      var status = rows[i].querySelector(".status");
      if (!/status-(open|soon)\b/.test(status.className)) continue;
      var end = status.getAttribute("data-end"), before = null, kept = body.rows;
      for (var j = 0; j < kept.length && !before; j++) {
        var other = kept[j].querySelector(".status");
        if (other && other.getAttribute("data-end") > end) before = kept[j];
      }
      body.insertBefore(rows[i], before);
      into.hidden = false;
    }
    var none = into.previousElementSibling;
    if (!into.hidden && none && none.classList.contains("none-left")) none.remove();
    if (!opening.querySelector("tbody tr")) (opening.closest("section") || opening).hidden = true;
  }

  function updateStatuses(today, soonDays) {
    var statuses = document.querySelectorAll(".status[data-kind][data-end]");
    for (var i = 0; i < statuses.length; i++) {
      var el = statuses[i], kind = el.getAttribute("data-kind");
      if (!WORDS[kind]) continue;
      var p = phase(today, kind, el.getAttribute("data-start"), el.getAttribute("data-end"), soonDays);
      el.textContent = WORDS[kind][p];
      el.className = "status status-" + (kind === "effective" && p === "closed" ? "in-force" : p);
      var list = el.closest("[data-while-open]");
      if (list && !(ACTIONABLE.indexOf(kind) >= 0 && (p === "open" || p === "soon"))) {
        el.closest("tr, li").hidden = true;
      }
    }
    var opening = document.querySelector("table[data-opening]"), into = document.querySelector("table[data-while-open]");
    if (opening && into) moveOpened(opening, into);
    // a list of what can be acted on with nothing left in it says so (once)
    var lists = document.querySelectorAll("table[data-while-open]");
    for (var k = 0; k < lists.length; k++) {
      var said = lists[k].previousElementSibling;
      if (said && said.classList.contains("none-left")) continue;
      if (!lists[k].querySelector("tbody tr:not([hidden])")) {
        var none = document.createElement("p");
        none.className = "none-left";
        none.textContent = lists[k].getAttribute("data-while-open");
        lists[k].hidden = true;
        lists[k].parentNode.insertBefore(none, lists[k]);
      }
    }
    var left = document.querySelectorAll(".days-left[data-end]");
    for (var j = 0; j < left.length; j++) {
      left[j].textContent = daysLeftText(today, left[j].getAttribute("data-start"), left[j].getAttribute("data-end"));
    }
  }

  function updateAsOf(marks, today, built) {
    for (var i = 0; i < marks.length; i++) {
      var mark = marks[i];
      mark.setAttribute("data-as-of", today);
      mark.setAttribute("data-built", built);
      var time = mark.querySelector("time");
      if (time) {
        time.setAttribute("datetime", today);
        time.textContent = cnDate(today);
      }
      var note = mark.querySelector(".as-of-built");
      if (note) note.textContent = "（本页按 " + cnDate(built) + " 生成，状态已在浏览器中按今天更新）";
    }
  }

  function setUpCopyButtons() {
    var buttons = document.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      (function (button) {
        var box = button.parentNode;
        var input = box.querySelector("input[data-address]"), said = box.querySelector(".copied");
        // a site without an absolute address gives a path: make it the full address of this copy
        input.value = new URL(input.value, window.location.href).href;
        button.hidden = false;
        button.addEventListener("click", function () {
          var done = function () { if (said) said.textContent = "已复制"; };
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
          } else {
            input.select();
            if (document.execCommand && document.execCommand("copy")) done();
          }
        });
      })(buttons[i]);
    }
  }

  function run() {
    setUpCopyButtons();
    var marks = document.querySelectorAll("[data-as-of]");
    if (!marks.length) return;
    var built = marks[0].getAttribute("data-as-of"), today = beijingToday();
    // statuses that no longer change (all closed or in force) hold on every later day
    if (today === built || (marks[0].hasAttribute("data-settled") && today > built)) return;
    updateStatuses(today, +marks[0].getAttribute("data-soon-days") || 0);
    updateAsOf(marks, today, built);
  }

  run();
})();
