/* socialbiz-kit: the known name a misspelt column or statement most likely means ("Meinten Sie „planning_1“?").
 *
 * Plain ES2017, no dependencies. It follows socialbiz_kit._nearest (the Python reference): the same key (NFC,
 * lower-cased, white space, "_", "-" and "." made one "_", trimmed), the lists of _nearest.near_choices built from
 * the model in the page's data, and difflib.get_close_matches(key, keys, n=1, cutoff=0.6) ported: SequenceMatcher(None, key meant,
 * key typed).ratio() = 2 * matched characters / both lengths, the highest ratio winning, a tie by the larger key.
 * nearId: the column a file without "assessment" most likely meant by it; nearLong: the column of a file long but
 * for its name ("itme", "Aussage"). A parity test in Chromium holds it to the package.
 */
(function () {
  "use strict";

  var CUTOFF = 0.6, LONGEST = 100;
  // JavaScript's white space (\s) and Python's (U+001C-U+001F, U+0085 too: _casenames), "_", "-", "."
  var SEP = /[\s\x1c-\x1f\x85_.-]+/g;

  function key(name) { return String(name).normalize("NFC").toLowerCase().replace(SEP, "_").replace(/^_+|_+$/g, ""); }

  /* SequenceMatcher(None, a, b).ratio() of two lists of characters (code points). The name typed (b) is never
   * longer than LONGEST, so difflib's "autojunk" (from 200 characters of b on) never acts. */
  function ratio(a, b) {
    var where = new Map();
    b.forEach(function (c, j) { if (!where.has(c)) { where.set(c, []); } where.get(c).push(j); });
    // find_longest_match, then the same left and right of it (get_matching_blocks): the characters matched
    var matched = function (alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, best = 0, lengths = new Map();
      for (var i = alo; i < ahi; i += 1) {
        var next = new Map(), js = where.get(a[i]) || [];
        for (var n = 0; n < js.length; n += 1) {
          var j = js[n];
          if (j < blo) { continue; }
          if (j >= bhi) { break; }
          var k = (lengths.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > best) { besti = i - k + 1; bestj = j - k + 1; best = k; }
        }
        lengths = next;
      }
      if (!best) { return 0; }
      return best + (alo < besti && blo < bestj ? matched(alo, besti, blo, bestj) : 0) +
        (besti + best < ahi && bestj + best < bhi ? matched(besti + best, ahi, bestj + best, bhi) : 0);
    };
    var total = a.length + b.length;
    return total ? 2 * matched(0, a.length, 0, b.length) / total : 1;
  }

  /* _nearest.nearest: the name meant of the key closest to name's ([[key, name meant], ...]), or null. A tie goes to
   * the larger key, as in Python (JavaScript compares UTF-16 units, Python code points: they differ only for keys
   * with characters beyond U+FFFF, which statement ids never have). */
  function nearest(name, choices) {
    if (Array.from(String(name)).length > LONGEST) { return null; }
    var typed = Array.from(key(name)), best = null, bestRatio = -1;
    choices.forEach(function (c) {
      var r = ratio(Array.from(c[0]), typed);
      if (r >= CUTOFF && (r > bestRatio || (r === bestRatio && c[0] > best[0]))) { best = c; bestRatio = r; }
    });
    return best ? best[1] : null;
  }

  /* _nearest.near_choices, built from the model as the package builds it: {wide, long, item}, each [[key, name
   * meant], ...] with the first name of each key. ids: the statement ids; stages: [{items: [id, ...]}]; names:
   * {de: [stage name, ...], en: [...]} (a statement's short label: its stage's name and its place, "Planung 1");
   * meta: the optional columns. */
  function choices(ids, stages, names, meta) {
    var same = function (list) { return list.map(function (x) { return [x, x]; }); };
    var pairs = function (list) {
      var meant = new Map();
      list.forEach(function (p) { var k = key(p[0]); if (k && !meant.has(k)) { meant.set(k, p[1]); } });
      return Array.from(meant);
    };
    var labels = [];
    ["de", "en"].forEach(function (lang) {
      stages.forEach(function (s, k) {
        s.items.forEach(function (id, n) { labels.push([names[lang][k] + " " + (n + 1), id]); });
      });
    });
    var notes = same(ids.map(function (id) { return "note:" + id; }));
    return {wide: pairs(same(ids).concat(same(meta), notes, labels)),
      long: pairs(same(["assessment", "item", "answer"].concat(meta))), item: pairs(same(ids).concat(labels))};
  }

  /* _nearest.near_id: the first column, no statement id (items), whose nearest of the long layout's columns
   * (choices.long) is "assessment": what a file without that column most likely meant by it; or null. */
  function nearId(columns, items, long) {
    for (var k = 0; k < columns.length; k += 1) {
      if (items.indexOf(columns[k]) < 0 && nearest(columns[k], long) === "assessment") { return columns[k]; }
    }
    return null;
  }

  /* _nearest.near_long: [column, "item" or "answer"] of a file long but for that column's name (its nearest of the
   * long layout's columns and _nearest.ALIASES); null when a column is a statement id (items) or item or answer
   * is neither a column nor meant by one */
  var ALIASES = [["aussage", "item"], ["aussagen", "item"], ["statement", "item"], ["antwort", "answer"],
    ["antworten", "answer"], ["wert", "answer"]];
  function nearLong(columns, items, long) {
    var near = [], has = function (m) { return columns.indexOf(m) >= 0 || near.some(function (p) { return p[1] === m; }); };
    if (columns.some(function (c) { return items.indexOf(c) >= 0; })) { return null; }
    columns.forEach(function (c) {
      var m = ["assessment", "item", "answer"].indexOf(c) < 0 ? nearest(c, long.concat(ALIASES)) : null;
      if (m === "item" || m === "answer") { near.push([c, m]); }
    });
    return near.length && has("item") && has("answer") ? near[0] : null;
  }

  window.SocialbizNear = {key: key, ratio: ratio, nearest: nearest, choices: choices, nearId: nearId, nearLong: nearLong};
}());
