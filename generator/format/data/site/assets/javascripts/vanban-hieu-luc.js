/* vanban: the status of a document that takes effect, or ends, on a given day, as of the reader's own
 * today (issue 17): the page is built once and read for months. An element with data-hieu-luc (the day it
 * takes effect) and/or data-het-hieu-luc (the day it no longer has effect, ISO dates) gets the words of
 * data-nhan-chua before the first and those of data-nhan-het from the second on; otherwise the page's
 * own words stay. Plain script, no fetch: works from a shared folder (file://). */
(function () {
  "use strict";
  function two(n) { return ("0" + n).slice(-2); }
  var now = new Date();
  var today = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  var items = document.querySelectorAll("[data-hieu-luc], [data-het-hieu-luc]");
  for (var i = 0; i < items.length; i++) {
    var el = items[i], start = el.getAttribute("data-hieu-luc"), end = el.getAttribute("data-het-hieu-luc");
    if (end && today >= end) el.textContent = el.getAttribute("data-nhan-het");
    else if (start && today < start) el.textContent = el.getAttribute("data-nhan-chua");
  }
})();
