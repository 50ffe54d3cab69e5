/* vanban: a coordination request's deadline, counted in the browser from today's date (issue 17).
 * The page is built once and read for days: the build date would be stale by the next morning. Each
 * element with data-han (the due date) gets its state written in, as `vanban deadlines` says it for the
 * same day: working days counted like generator/records/workdays.py (the day after `a` up to `b`), with
 * the office's calendar from the enclosing (else the page's) data-lich (weekdays off, weekend days worked, the years it
 * covers; outside them Monday to Friday) and the words from data-nhan (data/thoi-han.yaml).
 * Plain script, no fetch: works from a shared folder (file://). */
(function () {
  "use strict";
  var DAY = 86400000;

  function parse(iso) {                     // "2026-04-23" → UTC midnight (no time zone, no DST)
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }
  function iso(t) { return new Date(t).toISOString().slice(0, 10); }
  function vn(t) {                          // dd/mm/yyyy
    var d = new Date(t);
    return ("0" + d.getUTCDate()).slice(-2) + "/" + ("0" + (d.getUTCMonth() + 1)).slice(-2) + "/" + d.getUTCFullYear();
  }
  function today() {                        // the reader's own date, as the office's PC shows it
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  function calendar(data) {
    var off = {}, on = {};
    data.nghi.forEach(function (d) { off[d] = true; });
    data.lam.forEach(function (d) { on[d] = true; });
    return function working(t) {
      var key = iso(t);
      if (on[key]) return true;
      if (off[key]) return false;
      var w = new Date(t).getUTCDay();
      return w !== 0 && w !== 6;
    };
  }
  function between(working, a, b) {         // working days d with a < d <= b, negative when b < a
    var sign = 1, n = 0, t;
    if (b < a) { t = a; a = b; b = t; sign = -1; }
    for (t = a + DAY; t <= b; t += DAY) if (working(t)) n++;
    return sign * n;
  }

  function state(el, working, words, now) {
    var due = parse(el.dataset.han), closed = el.dataset.dong ? parse(el.dataset.dong) : null, left = words.con_lai;
    if (closed !== null && closed <= now) {
      var late = closed > due, days = Math.max(0, between(working, due, closed));
      return ["da-tra-loi", !late ? left.dung_han : days ? fill(left.tra_loi_qua_han, {n: days})
                                                          : fill(left.tra_loi_sau_han, {han: vn(due)})];
    }
    var n = between(working, now, due);
    if (now > due) return ["qua-han", n ? fill(left.qua_han, {n: -n}) : fill(left.qua_han_ngay_nghi, {han: vn(due)})];
    if (now === due) return ["den-han", left.hom_nay];
    return ["con-han", fill(left.con, {n: n})];
  }

  function run() {
    var now = today();
    document.querySelectorAll("[data-han]").forEach(function (el) {
      var source = el.closest("[data-lich]") || document.querySelector("[data-lich]");
      if (!source) return;
      var words = JSON.parse(source.dataset.nhan), working = calendar(JSON.parse(source.dataset.lich));
      var s = state(el, working, words, now);
      var label = el.querySelector(".vb-han__nhan"), text = el.querySelector(".vb-han__con-lai"),
          day = el.querySelector(".vb-han__ngay");
      el.dataset.tinhTrang = s[0];
      el.classList.remove("vb-qua-han", "vb-den-han", "vb-con-han", "vb-da-tra-loi");
      el.classList.add("vb-" + s[0]);
      if (label) label.textContent = words.trang_thai[s[0]];
      if (text) text.textContent = s[1];
      if (day) day.textContent = fill(words.tinh_den, {ngay: vn(now)});
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
