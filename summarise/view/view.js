(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var smooth = window.matchMedia && window.matchMedia("(prefers-reduced-motion: no-preference)").matches;

  function keysOf(el) {
    var r = el.getAttribute("data-r");
    return r ? r.split(" ").filter(Boolean) : [];
  }
  var byKey = {};
  document.querySelectorAll("mark.ev").forEach(function (m) {
    var k = m.getAttribute("data-r");
    (byKey[k] = byKey[k] || []).push(m);
  });
  function marksFor(keys) {
    var found = [];
    keys.forEach(function (k) { found = found.concat(byKey[k] || []); });
    return found;
  }
  function clear(cls) {
    document.querySelectorAll("." + cls).forEach(function (el) { el.classList.remove(cls); });
  }
  function scope(el) {
    return el.closest("[data-scope]") || document;
  }
  // the most specific cards or parts whose spans include any of keys
  function citing(keys, root) {
    var wanted = {};
    keys.forEach(function (k) { wanted[k] = true; });
    var hits = Array.prototype.filter.call(root.querySelectorAll(".card[data-r], .part[data-r]"), function (el) {
      return keysOf(el).some(function (k) { return wanted[k]; });
    });
    return hits.filter(function (el) {
      return !hits.some(function (other) { return other !== el && el.contains(other); });
    });
  }

  // a card (or a part of one): mark its spans and bring the first into view
  function select(el) {
    clear("on"); clear("sel");
    el.classList.add("sel");
    var marks = marksFor(keysOf(el));
    marks.forEach(function (m) { m.classList.add("on"); });
    if (marks.length) {
      var details = marks[0].closest("details");
      if (details) { details.open = true; }
      var folded = el.closest("details.group");
      if (folded) { folded.open = true; }
      marks[0].scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "center" });
    }
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target;
    if (!(target instanceof Element)) { return; }
    var chip = target.closest("button.chip[data-hide]");
    if (chip) {
      var hidden = document.body.classList.toggle("hide-" + chip.getAttribute("data-hide"));
      chip.setAttribute("aria-pressed", hidden ? "false" : "true");
      return;
    }
    var th = target.closest("th.sort");
    if (th) { sortBy(th); return; }
    var mark = target.closest("mark.ev");
    if (mark) {
      var cards = citing(ancestry(mark), scope(mark));
      clear("on"); clear("sel");
      mark.classList.add("on");
      cards.forEach(function (c) { c.classList.add("sel"); });
      cards.forEach(function (c) { var d = c.closest("details.group"); if (d) { d.open = true; } });
      if (cards.length) { cards[0].scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "nearest" }); }
      return;
    }
    var card = target.closest(".part[data-r], .card[data-r]");
    if (card && !target.closest("a")) { select(card); }
  });
  document.addEventListener("keydown", function (ev) {
    var target = ev.target;
    if ((ev.key === "Enter" || ev.key === " ") && target instanceof Element && target.matches(".card[data-r], .part[data-r]")) {
      ev.preventDefault();
      select(target);
    }
  });

  function ancestry(mark) {
    var keys = [];
    for (var m = mark; m; m = m.parentElement ? m.parentElement.closest("mark.ev") : null) {
      keys.push(m.getAttribute("data-r"));
    }
    return keys;
  }

  // hovering a span: which items cite it (this span and every span around it)
  document.addEventListener("mouseover", function (ev) {
    var target = ev.target;
    if (!(target instanceof Element)) { return; }
    var mark = target.closest("mark.ev");
    clear("cited"); clear("hover");
    if (!mark) { tip.hidden = true; return; }
    var keys = ancestry(mark);
    marksFor(keys.slice(0, 1)).forEach(function (m) { m.classList.add("hover"); });
    var cards = citing(keys, scope(mark));
    cards.forEach(function (c) { c.closest(".card").classList.add("cited"); });
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    var head = document.createElement("div");
    head.textContent = cards.length === 1 ? "Cited by 1 item" : "Cited by " + cards.length + " items";
    tip.appendChild(head);
    var list = document.createElement("ul");
    cards.slice(0, 8).forEach(function (c) {
      var li = document.createElement("li");
      li.textContent = c.getAttribute("data-label");
      list.appendChild(li);
    });
    if (cards.length > 8) {
      var more = document.createElement("li");
      more.textContent = "and " + (cards.length - 8) + " more";
      list.appendChild(more);
    }
    tip.appendChild(list);
    tip.hidden = false;
    place(ev);
  });
  document.addEventListener("mousemove", function (ev) { if (!tip.hidden) { place(ev); } });
  function place(ev) {
    var x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = ev.clientY + 18;
    if (y + tip.offsetHeight > window.innerHeight - 8) { y = ev.clientY - tip.offsetHeight - 12; }
    tip.style.left = Math.max(8, x) + "px";
    tip.style.top = Math.max(8, y) + "px";
  }

  // sortable tables: numbers by data-v, words by text; missing values last
  function sortBy(th) {
    var table = th.closest("table");
    var index = Array.prototype.indexOf.call(th.parentElement.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th.sort").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index]), y = key(b.cells[index]);
      if (x === null || y === null) { return x === y ? 0 : x === null ? 1 : -1; }
      var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function key(cell) {
    if (!cell) { return null; }
    var v = cell.getAttribute("data-v");
    if (v === null) { return cell.textContent.trim().toLowerCase(); }
    if (v === "") { return null; }
    var n = Number(v);
    return isNaN(n) ? v : n;
  }

  // on a phone the article comes after the summary: start with each kind folded
  if (window.matchMedia && window.matchMedia("(max-width: 900px)").matches) {
    document.querySelectorAll(".cards details.group").forEach(function (d) { d.open = false; });
  }

  // a link to a fixture opens it
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
