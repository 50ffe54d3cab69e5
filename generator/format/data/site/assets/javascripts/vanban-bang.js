/* vanban: the filters of the table of every document (van-ban/index.html, documents_page.py).
 * Each row carries what is compared: data-loai, data-nam, data-co-quan, and data-tim (number, title and
 * body, already accent-folded by vanban); the status is the cell's own words, which vanban-hieu-luc.js may
 * have changed to the reader's today. Only the query is folded here. Plain script, no fetch: works from
 * a shared folder (file://). Without it the whole table shows.
 *
 * The table keeps at most SHOWN rows in the page (more on request): laying out a thousand rows again
 * on each key froze typing for half a second on a CPU slowed 4×, and no one reads past the first
 * hundred of a list they can narrow. */
(function () {
  "use strict";
  var SHOWN = 100;
  var box = document.querySelector(".vb-bang");
  if (!box) return;
  var form = box.querySelector(".vb-bang__bo-loc");
  var count = box.querySelector(".vb-bang__dem");
  var none = box.querySelector(".vb-bang__khong");
  var more = box.querySelector(".vb-bang__them");
  var body = box.querySelector("#bang-van-ban tbody");
  var controls = Array.prototype.slice.call(form.querySelectorAll("[data-loc]"));
  var rows = Array.prototype.slice.call(body.children).map(function (tr) {
    var cell = tr.querySelector(".vb-bang__tinh-trang");
    return {tr: tr, loai: tr.getAttribute("data-loai"), nam: tr.getAttribute("data-nam"),
            coquan: tr.getAttribute("data-co-quan"), tim: tr.getAttribute("data-tim"),
            status: cell ? cell.textContent.trim() : ""};
  });
  var total = rows.length, limit = SHOWN, found = [];

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/đ/g, "d").replace(/\p{Mn}/gu, "").normalize("NFC");
  }

  function match() {
    var want = {};
    controls.forEach(function (c) { want[c.getAttribute("data-loc")] = c.value; });
    var words = fold(want.tim || "").split(/\s+/).filter(Boolean);
    return rows.filter(function (r) {
      if ((want.loai && r.loai !== want.loai) || (want.nam && r.nam !== want.nam)
          || (want["co-quan"] && r.coquan !== want["co-quan"]) || (want["tinh-trang"] && r.status !== want["tinh-trang"])) {
        return false;
      }
      for (var j = 0; j < words.length; j++) if (r.tim.indexOf(words[j]) < 0) return false;
      return true;
    });
  }

  function show() {
    var shown = found.slice(0, limit);
    body.replaceChildren.apply(body, shown.map(function (r) { return r.tr; }));
    var filtered = found.length < total;
    if (shown.length === found.length) {
      count.textContent = filtered ? "Đang hiện " + found.length + " trong " + total + " văn bản."
        : "Đang hiện cả " + total + " văn bản.";
    } else {
      count.textContent = (filtered ? "Có " + found.length + " trong " + total + " văn bản khớp bộ lọc"
        : "Có " + total + " văn bản") + "; đang hiện " + shown.length + " văn bản mới nhất.";
    }
    none.hidden = found.length > 0;
    more.hidden = shown.length === found.length;
    more.textContent = "Hiện thêm " + Math.min(SHOWN, found.length - shown.length) + " văn bản";
  }

  function apply() {
    found = match();
    limit = SHOWN;
    show();
    // what the table now answers (the typed words, folded): a reader's tools and the tests can wait for it
    form.setAttribute("data-da-loc", fold(form.querySelector('[data-loc="tim"]').value).trim());
  }

  var timer = null;
  controls.forEach(function (c) {
    if (c.tagName === "SELECT") {
      c.addEventListener("change", function () { clearTimeout(timer); apply(); });
    } else {              // typing: filter once the keys pause
      c.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
    }
  });
  more.addEventListener("click", function () { limit += SHOWN; show(); });
  form.hidden = false;
  apply();
})();
