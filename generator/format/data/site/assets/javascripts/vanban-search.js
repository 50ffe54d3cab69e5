/* vanban: the search box of the internal site (replaces Material's search, issue 17).
 * On first focus it loads, with <script> tags (works over file://, where fetch/XHR of a file does not),
 * the worker's code (MiniSearch + vanban-search-worker-src.js, as a string), then the index vanban built
 * from the records, then the texts; it starts the worker from a Blob (Chrome refuses a worker script
 * from a file:// URL, not a Blob) and hands it the data. Searching runs in the worker: typing never
 * waits for it. The scripts stay in the browser cache, so other pages do not transfer them again. */
(function () {
  "use strict";
  var me = document.currentScript;
  var base = new URL("../../", me.src);               // this file is assets/javascripts/vanban-search.js
  var FILES = {worker: "assets/javascripts/vanban-search-worker.js",
               index: "assets/javascripts/vanban-search-index.js",
               text: "assets/javascripts/vanban-search-text-"};   // + part + ".js"
  var worker = null, started = false, indexed = false, wantTexts = false, textsStarted = null;
  var seq = 0, shown = 0, wrap, box, list, status;

  function load(rel) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL(rel, base).href;
      s.onload = resolve;
      s.onerror = function () { reject(new Error(rel)); };
      document.head.appendChild(s);
    });
  }

  // The index (not the texts) is loaded when the page is idle, so a search typed later answers at
  // once; the scripts come from the browser cache after the first page. The texts wait for a focus.
  // "Đang nạp…" only to a reader in the box: loading while idle covers no one's page.
  function start(focused) {
    if (focused === true && !wrap.dataset.readyAt) status.textContent = "Đang nạp chỉ mục tìm kiếm…";
    if (focused === true && started) { texts(); return; }
    if (started) return;
    started = true;
    wantTexts = focused === true;
    wrap.dataset.focusAt = String(performance.now());
    load(FILES.worker).then(function () {
      var url = URL.createObjectURL(new Blob([window.VANBAN_SEARCH_WORKER], {type: "text/javascript"}));
      worker = new Worker(url);
      worker.onmessage = receive;
      return load(FILES.index);
    }).then(function () {
      worker.postMessage({index: window.VANBAN_SEARCH_INDEX});
      window.VANBAN_SEARCH_INDEX = null;
      if (box.value.trim()) query();
      indexed = true;
      if (wantTexts) return texts();
    }).catch(function (err) {
      status.textContent = "Không nạp được chỉ mục tìm kiếm (" + err.message + ").";
    });
  }

  function texts() {
    wantTexts = true;
    if (!indexed || textsStarted) return textsStarted;
    var parts = window.VANBAN_SEARCH_PARTS || 0, chain = Promise.resolve();
    for (var n = 0; n < parts; n++) chain = chain.then(part.bind(null, n, n === parts - 1));
    textsStarted = chain.catch(function (err) {
      status.textContent = "Không nạp được chỉ mục tìm kiếm (" + err.message + ").";
    });
    return textsStarted;
  }

  function part(n, last) {                // one part of the texts, loaded while the page stays idle
    return new Promise(function (resolve) { setTimeout(resolve, 30); }).then(function () {
      return load(FILES.text + n + ".js");
    }).then(function () {
      worker.postMessage({text: window.VANBAN_SEARCH_TEXT, last: last});
      window.VANBAN_SEARCH_TEXT = null;
    });
  }

  function query() {
    if (!worker) return;
    seq += 1;
    worker.postMessage({q: box.value, id: seq});
    if (!box.value.trim()) render({q: "", results: []});
  }

  function receive(e) {
    var m = e.data;
    if (m.ready) { if (status.textContent.indexOf("Đang nạp") === 0) status.textContent = ""; wrap.dataset.readyAt = String(performance.now()); return; }
    if (m.textReady) { if (box.value.trim()) query(); return; }
    if (m.id === undefined || m.id < shown) return;
    shown = m.id;
    render(m);
  }

  function render(m) {
    var q = m.q === undefined ? box.value : m.q;
    list.textContent = "";
    if (!q.trim()) { status.textContent = ""; list.hidden = true; list.dataset.q = ""; return; }
    status.textContent = m.results.length ? "" : "Không tìm thấy văn bản nào.";
    m.results.forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.className = "vb-search__link";
      a.href = new URL(r.u, base).href;
      var title = document.createElement("span");
      title.className = "vb-search__title";
      title.textContent = r.t;
      var meta = document.createElement("span");
      meta.className = "vb-search__meta";
      meta.textContent = [r.s, r.d].filter(Boolean).join(" · ") + (r.of ? " — " + r.of : "");
      a.appendChild(title);
      a.appendChild(meta);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = m.results.length === 0;
    if (list.dataset.q !== q) {             // when this query's results first showed (bench_search.py)
      list.dataset.q = q;
      list.dataset.shownAt = String(performance.now());
    }
  }

  function build() {
    var host = document.querySelector(".md-header__inner") || document.body;
    wrap = document.createElement("div");
    wrap.className = "vb-search";
    wrap.setAttribute("role", "search");
    box = document.createElement("input");
    box.type = "search";
    box.className = "vb-search__input";
    box.placeholder = "Tìm: số ký hiệu, tên văn bản, Điều…";
    box.setAttribute("aria-label", "Tìm văn bản");
    box.autocomplete = "off";
    box.spellcheck = false;
    status = document.createElement("div");
    status.className = "vb-search__status";
    status.setAttribute("aria-live", "polite");
    list = document.createElement("ol");
    list.className = "vb-search__results";
    list.hidden = true;
    wrap.appendChild(box);
    wrap.appendChild(status);
    wrap.appendChild(list);
    var before = host.querySelector(".md-header__source");
    host.insertBefore(wrap, before);
    box.addEventListener("focus", function () { start(true); });
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1500); };
    if (document.readyState === "complete") idle(start, {timeout: 3000});
    else window.addEventListener("load", function () { idle(start, {timeout: 3000}); });
    box.addEventListener("input", query);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        var first = list.querySelector("a");
        if (first) { e.preventDefault(); first.click(); }
      } else if (e.key === "Escape") {
        box.value = ""; render({results: []});
      }
    });
    document.addEventListener("click", function (e) {
      if (!wrap.contains(e.target)) list.hidden = true;
    });
    box.addEventListener("focus", function () { if (list.children.length) list.hidden = false; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
