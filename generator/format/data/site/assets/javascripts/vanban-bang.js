/* vanban: the filters of the table of every document (van-ban/index.html, documents_page.py).
 * Each row carries what is compared: data-loai, data-nam, data-co-quan, and data-tim (number, title and
 * body, already accent-folded by vanban); the status is the cell's own words, which vanban-hieu-luc.js may
 * have changed to the reader's today. Only the query is folded here. Plain script, no fetch: works from
 * a shared folder (file://). Without it the whole table shows. */
(function () {
  "use strict";
  var box = document.querySelector(".vb-bang");
  if (!box) return;
  var form = box.querySelector(".vb-bang__bo-loc");
  var count = box.querySelector(".vb-bang__dem");
  var none = box.querySelector(".vb-bang__khong");
  var rows = Array.prototype.slice.call(box.querySelectorAll("#bang-van-ban tbody tr"));
  var controls = Array.prototype.slice.call(form.querySelectorAll("[data-loc]"));
  var total = rows.length;

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/đ/g, "d").replace(/\p{Mn}/gu, "").normalize("NFC");
  }
  var statusOf = rows.map(function (tr) {
    var cell = tr.querySelector(".vb-bang__tinh-trang");
    return cell ? cell.textContent.trim() : "";
  });

  function apply() {
    var want = {};
    controls.forEach(function (c) { want[c.getAttribute("data-loc")] = c.value; });
    var words = fold(want.tim || "").split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (tr, i) {
      var ok = (!want.loai || tr.getAttribute("data-loai") === want.loai)
        && (!want.nam || tr.getAttribute("data-nam") === want.nam)
        && (!want["co-quan"] || tr.getAttribute("data-co-quan") === want["co-quan"])
        && (!want["tinh-trang"] || statusOf[i] === want["tinh-trang"]);
      if (ok && words.length) {
        var text = tr.getAttribute("data-tim");
        for (var j = 0; j < words.length && ok; j++) ok = text.indexOf(words[j]) >= 0;
      }
      tr.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown === total ? "Đang hiện cả " + total + " văn bản."
      : "Đang hiện " + shown + " trong " + total + " văn bản.";
    none.hidden = shown > 0;
  }

  var timer = null;
  controls.forEach(function (c) {
    c.addEventListener(c.tagName === "SELECT" ? "change" : "input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, c.tagName === "SELECT" ? 0 : 120);
    });
  });
  form.hidden = false;
  apply();
})();
