/* vanban: the copy-link marks of Điều, khoản and điểm (pages.py copy_mark). A click goes to the unit, as
 * any link does (the address bar then shows it), and copies its full address to the clipboard, for a
 * reader who wants to send "khoản 2 Điều 5" to a colleague. The mark says so for two seconds. Works from a
 * shared folder (file://, a secure context in Chromium) and falls back to execCommand elsewhere. */
(function () {
  "use strict";
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy"));
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallback(text); });
    }
    return fallback(text);
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("a.vb-lien-ket") : null;
    if (!mark) return;
    var address = location.href.split("#")[0] + mark.getAttribute("href");
    copy(address).then(function () {
      mark.setAttribute("data-da-chep", "Đã sao chép liên kết");
      setTimeout(function () { mark.removeAttribute("data-da-chep"); }, 2000);
    }, function () { /* no clipboard: the address bar shows the link */ });
  });
})();
