/* vanban: the search worker (runs in a Blob worker after minisearch-7.2.0.js; see vanban-search.js).
 * The index is built by vanban in Python (generator/render/site/search.py) in MiniSearch's JSON format:
 * tokens() here makes the same terms as search.py's tokens() for the query. The texts of documents and
 * Điều arrive after the index and are indexed in the background (addAllAsync), so a number or a title
 * is found at once and words of a body a moment later. */
"use strict";
var FIELDS = ["so", "dieu", "title", "heading", "loai", "nam", "coquan"];
// A number or a title outranks a word in a body: the weights of the fields, and of the body text.
var BOOST = {so: 12, dieu: 5, title: 3, heading: 2, loai: 1.5, nam: 1, coquan: 1};
var TEXT_WEIGHT = 0.35;
var MAX = 20;

function fold(text) {
  return text.toLowerCase().normalize("NFD").replace(/đ/g, "d").replace(/\p{Mn}/gu, "").normalize("NFC");
}
var DIEU = /\bdieu\s+(\d+[a-z]?)\b/g;
var WORD = /[\p{L}\p{N}]+(?:[-/][\p{L}\p{N}]+)*/gu;
var SYMBOL = /^0*(\d+)((?:[-/][a-z]+)*)$/;

function tokens(text) {
  var folded = fold(text).replace(DIEU, function (_, n) { return "dieu" + n; });
  var out = [];
  var words = folded.match(WORD) || [];
  for (var i = 0; i < words.length; i++) {
    var w = words[i], m = SYMBOL.exec(w);
    if (m && m[2]) {
      var parts = m[2].split(/[-/]/).filter(Boolean);
      out.push(m[1]);
      for (var j = 1; j <= parts.length; j++) out.push(m[1] + parts.slice(0, j).join(""));
    } else if (m) {
      out.push(m[1]);
    } else if (w.indexOf("-") >= 0 || w.indexOf("/") >= 0) {
      w.split(/[-/]/).forEach(function (p) { if (p) out.push(p); });
    } else {
      out.push(w);
    }
  }
  return out;
}

// What a person types: "Số 230" is the number 230 ("số" is not a word to look for then).
function queryTokens(q) {
  var t = tokens(q);
  return t.filter(function (w, i) { return !(w === "so" && i + 1 < t.length && /^\d/.test(t[i + 1])); });
}

var same = function (t) { return t; };
var prefixLast = function (term, i, terms) { return i === terms.length - 1 && term.length >= 2; };
var A = null, B = null, stored = null, pending = null, queue = Promise.resolve();

function dateKey(d) { return d ? d.slice(6) + d.slice(3, 5) + d.slice(0, 2) : ""; }

function run(msg) {
  var q = msg.q.trim();
  if (!q) { postMessage({id: msg.id, q: msg.q, results: []}); return; }
  var terms = queryTokens(q);
  var opts = {tokenize: function () { return terms; }, processTerm: same, prefix: prefixLast, boost: BOOST};
  var score = new Map(), viaDieu = new Set();
  A.search(q, opts).forEach(function (r) {
    score.set(r.id, r.score);
    for (var t in r.match) if (r.match[t].indexOf("dieu") >= 0) viaDieu.add(r.id);
  });
  if (B) {
    B.search(q, {tokenize: function () { return terms; }, processTerm: same, prefix: prefixLast}).forEach(function (r) {
      score.set(r.id, (score.get(r.id) || 0) + TEXT_WEIGHT * r.score);
    });
  }
  // "dieu 5 <words of a title>": an Điều found by its number takes the score of its document's title.
  viaDieu.forEach(function (id) {
    var p = stored[id].p;
    if (score.has(p)) score.set(id, score.get(id) + score.get(p));
  });
  var ids = Array.from(score.keys());
  ids.sort(function (a, b) {
    var d = score.get(b) - score.get(a);
    if (Math.abs(d) > 1e-9) return d;
    var da = dateKey(stored[stored[a].p === undefined ? a : stored[a].p].d);
    var db = dateKey(stored[stored[b].p === undefined ? b : stored[b].p].d);
    return da < db ? 1 : da > db ? -1 : a - b;
  });
  var results = ids.slice(0, MAX).map(function (id) {
    var s = stored[id];
    if (s.p === undefined) return {t: s.t, s: s.s, d: s.d, u: s.u};
    var parent = stored[s.p];
    return {t: s.t, s: parent.s, d: parent.d, u: parent.u + "#" + s.a, of: parent.t};
  });
  postMessage({id: msg.id, q: msg.q, results: results, total: ids.length, text: !!B});
}

onmessage = function (e) {
  var m = e.data;
  if (m.index) {
    var js = JSON.parse(m.index);
    stored = js.storedFields;
    A = MiniSearch.loadJS(js, {fields: FIELDS, tokenize: tokens, processTerm: same});
    postMessage({ready: true});
    if (pending) { run(pending); pending = null; }
  }
  if (m.text) {                          // [first id, JSON list of texts]: one part of them
    var start = m.text[0], texts = JSON.parse(m.text[1]), last = m.last;
    if (!B) B = new MiniSearch({fields: ["text"], tokenize: tokens, processTerm: same});
    queue = queue.then(function () {
      return B.addAllAsync(texts.map(function (t, i) { return {id: start + i, text: t}; }), {chunkSize: 20});
    }).then(function () { if (last) postMessage({textReady: true}); });
  }
  if (m.q !== undefined) {
    if (A) run(m); else pending = m;
  }
};
