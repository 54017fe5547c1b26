/* socialbiz-kit seminar page: a class's answer files read, scored and compared in the browser.
 *
 * Plain ES2017, no dependencies, no request to anywhere. It follows socialbiz_kit.classroom (the Python
 * reference): read_class for the files (the ZIP's central directory read by hand, deflate by the browser's
 * DecompressionStream, every CSV through a port of socialbiz_kit.responses.read_responses), score.js for the
 * stages (one rule), stage_distribution, stage_agreement (ordinal), case_agreement and disagreements for the
 * figures, and socialbiz_kit.agreement.krippendorff_alpha (the PyPI package krippendorff) for alpha.
 * A parity test in Chromium runs seeded random classes through both.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("sbk-data").textContent);
  var model = data.model, TEXTS = data.texts, ITEMS = data.itemIds, LIMITS = data.limits, LABELS = data.itemLabels;
  var META = ["organisation", "assessor", "date", "model", "model_version", "note", "dont_know"];
  var FORMULA = /^[=+\-@\t\r\n']/;
  var NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
  var MOODLE = /^(.+?)_(\d+)_(assignsubmission|onlinetext|file)\w*$/;
  var BLIND = /^(participant|teilnehmer)/i;  // Moodle's anonymous marking: the number is the person
  var IGNORED = ["__MACOSX", ".DS_Store", "Thumbs.db"];
  var $ = function (id) { return document.getElementById(id); };

  /* ---------------------------------------------------------------- words and numbers */
  function t(key, fmt, count) {
    var v = TEXTS[key];
    if (v === undefined) { return key; }
    if (typeof v === "object") { v = v[count === 1 ? "one" : "other"]; }
    fmt = fmt || {};
    if (count !== undefined) { fmt.count = count; }
    return v.replace(/\{(\w+)\}/g, function (m, k) { return k in fmt ? String(fmt[k]) : m; });
  }
  function num(x, decimals) {
    if (x === null || x === undefined || isNaN(x)) { return "–"; }
    decimals = decimals === undefined ? 2 : decimals;
    return new Intl.NumberFormat("de-DE", {minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(x);
  }
  function pct(x) {
    if (x === null || x === undefined || isNaN(x)) { return "–"; }
    return new Intl.NumberFormat("de-DE", {maximumFractionDigits: 0}).format(Math.round(x * 100)) + "\u00a0%";
  }
  function mb(n) { return num(n / 1e6, 1) + " MB"; }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function Problem(message) { this.message = message; }
  /* a map keyed by what a file or a person wrote: no prototype, so "__proto__", "constructor" or "toString" are
   * keys like any other (in {} they would read or replace Object.prototype's) */
  function dict() { return Object.create(null); }

  /* ---------------------------------------------------------------- one case, however typed: socialbiz_kit._casenames */
  /* every character Python's str.isspace() or JavaScript's \s counts as white space (the two differ; both take all) */
  var SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
  /* case_key: NFC, white space collapsed to one space and trimmed, lower-cased (toLowerCase as Python's lower(): "ẞ"
   * becomes "ß" in both; Python's casefold() would make "ß" "ss", which JavaScript cannot follow) */
  function caseKey(name) { return String(name).normalize("NFC").replace(SPACE, " ").replace(/^ | $/g, "").toLowerCase(); }
  /* first_spellings: rows with each organisation (field "organisation", merge_cases) or rater (field "rater",
   * merge_raters) named by the first spelling of its case or person (in place);
   * -> [[shown name, [spellings in the order first seen]]] for each one spelt more than one way, in reading order */
  function mergeNames(rows, field) {
    var names = new Map();
    rows.forEach(function (r) {
      if (typeof r[field] !== "string") { return; }
      var key = caseKey(r[field]);
      if (!names.has(key)) { names.set(key, [r[field]]); }
      var spellings = names.get(key);
      if (spellings.indexOf(r[field]) < 0) { spellings.push(r[field]); }
      r[field] = spellings[0];
    });
    var merged = [];
    names.forEach(function (spellings) { if (spellings.length > 1) { merged.push([spellings[0], spellings]); } });
    return merged;
  }
  function mergedNote(name, spellings, field) {
    var fmt = {n: spellings.length,
      spellings: spellings.map(function (s) { return t("classroom.spelling", {name: s}); }).join(", ")};
    fmt[field === "rater" ? "rater" : "case"] = name;
    return t(field === "rater" ? "classroom.merged_raters" : "classroom.merged_spellings", fmt);
  }

  /* ---------------------------------------------------------------- ZIP: central directory by hand */
  var CRC_TABLE = (function () {
    var table = new Int32Array(256);
    for (var n = 0; n < 256; n += 1) {
      var c = n;
      for (var k = 0; k < 8; k += 1) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
      table[n] = c;
    }
    return table;
  }());
  function crc32(bytes) {
    var c = -1;
    for (var i = 0; i < bytes.length; i += 1) { c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8); }
    return (c ^ -1) >>> 0;
  }
  var CP437 = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀" +
    "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";
  function zipName(bytes, utf8) {
    if (utf8) { return new TextDecoder("utf-8").decode(bytes); }
    var s = "";
    for (var i = 0; i < bytes.length; i += 1) { s += bytes[i] < 128 ? String.fromCharCode(bytes[i]) : CP437[bytes[i] - 128]; }
    return s;
  }
  /* The members of a ZIP (Python's zipfile.ZipFile.infolist): [{path, load()}]; a member that cannot be
   * read rejects its load() with a Problem. The whole archive unreadable: a Problem thrown. */
  function zipMembers(buffer) {
    var bytes = new Uint8Array(buffer), view = new DataView(buffer);
    var end = -1;
    for (var i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i -= 1) {
      if (view.getUint32(i, true) === 0x06054b50) { end = i; break; }
    }
    if (end < 0) { throw new Problem(t("class_page.zip_broken", {reason: t("class_page.no_directory")})); }
    var count = view.getUint16(end + 10, true), offset = view.getUint32(end + 16, true);
    if (count === 0xffff || offset === 0xffffffff) { throw new Problem(t("class_page.zip_broken", {reason: t("class_page.zip64")})); }
    if (count > LIMITS.members) { throw new Problem(t("class_page.zip_broken", {reason: count + " > " + LIMITS.members})); }
    var out = [], p = offset;
    for (var k = 0; k < count; k += 1) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) {
        throw new Problem(t("class_page.zip_broken", {reason: t("class_page.no_directory")}));
      }
      var flags = view.getUint16(p + 8, true), method = view.getUint16(p + 10, true);
      var info = {flags: flags, method: method, crc: view.getUint32(p + 16, true), packed: view.getUint32(p + 20, true),
        size: view.getUint32(p + 24, true), local: view.getUint32(p + 42, true)};
      var nameLen = view.getUint16(p + 28, true), extra = view.getUint16(p + 30, true), comment = view.getUint16(p + 32, true);
      var name = zipName(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
      p += 46 + nameLen + extra + comment;
      if (name.slice(-1) === "/") { continue; }
      out.push({path: name, size: info.size, load: memberLoader(buffer, info)});
    }
    out.sort(function (a, b) { return a.path < b.path ? -1 : a.path > b.path ? 1 : 0; });
    return out;
  }
  function memberLoader(buffer, info) {
    return function () {
      var bad = function (reason) { return Promise.reject(new Problem(t("classroom.bad_member", {reason: reason}))); };
      if (info.size > LIMITS.upload) {
        return Promise.reject(new Problem(t("classroom.too_large", {size: mb(info.size), limit: mb(LIMITS.upload)})));
      }
      if (info.size > 1e6 && info.size > LIMITS.ratio * Math.max(info.packed, 1)) {
        return Promise.reject(new Problem(t("classroom.too_packed", {ratio: Math.floor(info.size / Math.max(info.packed, 1))})));
      }
      if (info.flags & 1) { return bad(t("class_page.encrypted")); }
      if (info.method !== 0 && info.method !== 8) { return bad(t("class_page.method", {method: info.method})); }
      var view = new DataView(buffer), at = info.local;
      if (at + 30 > buffer.byteLength || view.getUint32(at, true) !== 0x04034b50) { return bad(t("class_page.damaged")); }
      var start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
      if (start + info.packed > buffer.byteLength) { return bad(t("class_page.damaged")); }
      var packed = new Uint8Array(buffer, start, info.packed);
      var check = function (raw) {
        if (raw.length !== info.size) { return bad(t("class_page.damaged")); }
        if (crc32(raw) !== info.crc) { return bad(t("class_page.crc")); }
        return raw;
      };
      if (info.method === 0) { return Promise.resolve(check(packed.slice())); }
      return inflate(packed, info.size).then(check, function (e) {
        return e instanceof Problem ? Promise.reject(e) : bad(t("class_page.damaged"));
      });
    };
  }
  /* Raw deflate by the browser, never more than the member declares (plus one byte to notice a lie). */
  function inflate(packed, size) {
    if (typeof DecompressionStream !== "function") { return Promise.reject(new Problem(t("class_page.no_deflate"))); }
    var stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    var reader = stream.getReader(), chunks = [], total = 0;
    var pump = function () {
      return reader.read().then(function (r) {
        if (r.done) { return; }
        chunks.push(r.value);
        total += r.value.length;
        if (total > size) { reader.cancel(); return; }
        return pump();
      });
    };
    return pump().then(function () {
      var out = new Uint8Array(total), o = 0;
      chunks.forEach(function (c) { out.set(c, o); o += c.length; });
      return out;
    });
  }

  /* ---------------------------------------------------------------- one CSV: socialbiz_kit.responses */
  function decode(bytes) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) { return new TextDecoder("utf-16le").decode(bytes.subarray(2)); }
    if (bytes[0] === 0xfe && bytes[1] === 0xff) { return new TextDecoder("utf-16be").decode(bytes.subarray(2)); }
    var head = bytes.subarray(0, 4096), zeros = 0;
    for (var i = 0; i < head.length; i += 1) { if (head[i] === 0) { zeros += 1; } }
    if (head.length >= 4 && zeros * 3 >= head.length) { return new TextDecoder(head[1] === 0 ? "utf-16le" : "utf-16be").decode(bytes); }
    try { return new TextDecoder("utf-8", {fatal: true}).decode(bytes); }  // drops a BOM, as utf-8-sig
    catch (e) { return new TextDecoder("windows-1252").decode(bytes); }
  }
  function restoreFormula(s) { return s !== null && s.length > 1 && s[0] === "'" && FORMULA.test(s.slice(1)) ? s.slice(1) : s; }
  function reporter(file) {
    return function (key, where, fmt) {
      where = where || {};
      var parts = [file];
      if (where.row !== undefined) { parts.push(t("answers.row") + " " + where.row); }
      if (where.column !== undefined) {  // an item's column also by its short label ("Planung 1"), as the package names it
        var label = Object.prototype.hasOwnProperty.call(LABELS, where.column) ? LABELS[where.column] : null;
        parts.push(label ? t("answers.column_item", {column: where.column, label: label})
                         : t("answers.column_named", {column: where.column}));
      }
      throw new Problem(parts.join(", ") + ": " + t("answers." + key, fmt));
    };
  }
  /* Python's csv.reader(strict=True): records as lists of cells; [spreadsheet row, cells] of the non-blank ones. */
  function csvRows(text, fail) {
    if (text.slice(0, 4096).indexOf("\u0000") >= 0) { fail("not_table"); }
    if (text.indexOf("\r") >= 0 && text.indexOf("\n") < 0) { text = text.replace(/\r/g, "\n"); }
    text = text.replace(/^\ufeff+/, "");
    var first = text.trim() ? text.split(/\r\n|\r|\n/)[0] : "";
    var sep = ",", most = -1;
    [",", ";", "\t"].forEach(function (s) { var c = first.split(s).length - 1; if (c > most) { most = c; sep = s; } });
    var rows = [], record = [], field = "", state = 0, number = 0, n = text.length;  // 0 start, 1 unquoted, 2 quoted, 3 quote in quoted
    var endRecord = function () {
      record.push(field);
      number += 1;
      if (record.some(function (c) { return c.trim(); })) {
        if (rows.length && record.length === 1 && rows[0][1].length > 1) { mixedSeparator(record[0], sep, number, fail); }
        rows.push([number, record.map(function (c) { return c.trim() ? c : null; })]);
      }
      record = []; field = ""; state = 0;
    };
    for (var i = 0; i < n; i += 1) {
      var c = text[i];
      if (state === 2) {
        if (c === '"') { state = 3; } else { field += c; }
      } else if (state === 3) {
        if (c === '"') { field += '"'; state = 2; }
        else if (c === sep) { record.push(field); field = ""; state = 0; }
        else if (c === "\n" || c === "\r") { if (c === "\r" && text[i + 1] === "\n") { i += 1; } endRecord(); }
        else { fail("bad_csv", {row: number + 1}); }
      } else if (c === '"' && state === 0) { state = 2; }
      else if (c === sep) { record.push(field); field = ""; state = 0; }
      else if (c === "\n" || c === "\r") { if (c === "\r" && text[i + 1] === "\n") { i += 1; } endRecord(); }
      else { field += c; state = 1; }
    }
    if (state === 2) { fail("bad_csv", {row: number + 1}); }
    if (field !== "" || record.length || state === 3) { endRecord(); }
    return rows;
  }
  function mixedSeparator(cell, sep, row, fail) {
    var names = {",": "answers.sep_comma", ";": "answers.sep_semicolon", "\t": "answers.sep_tab"};  // „,“ in German
    [",", ";", "\t"].forEach(function (other) {
      if (other !== sep && cell.indexOf(other) >= 0) { fail("mixed_sep", {row: row}, {sep: t(names[sep]), other: t(names[other])}); }
    });
  }
  /* read_responses(name, model, content=bytes) for a CSV: {ids, meta: {id: {col: text}}, answers: {id: [value or null]}}. */
  function readCSV(bytes, file) {
    var fail = reporter(file);
    var blank = true;
    for (var b = 0; b < bytes.length && blank; b += 1) { blank = [9, 10, 11, 12, 13, 32].indexOf(bytes[b]) >= 0; }
    if (blank) { fail("empty"); }
    return fromRows(csvRows(decode(bytes), fail), fail);
  }
  /* _read_table after the rows: header, widths, formula protection undone, then validate_responses */
  function fromRows(rows, fail) {
    if (!rows.length) { fail("empty"); }
    var header = rows[0][1].map(function (c) { return (c === null ? "" : c).trim(); });
    while (header.length && !header[header.length - 1]) { header.pop(); }
    if (header.length < 2) { fail("not_table"); }
    var seen = dict();
    header.forEach(function (col) { if (seen[col]) { fail("dup_col", {column: col}, {col: col}); } seen[col] = true; });
    var width = header.length, body = [], numbers = [];
    rows.slice(1).forEach(function (r) {
      var cells = r[1];
      if (cells.length > width && cells.slice(width).some(function (c) { return c !== null; })) { fail("not_table", {row: r[0]}); }
      var row = [];
      for (var k = 0; k < width; k += 1) { row.push(restoreFormula(k < cells.length ? cells[k] : null)); }
      body.push(row);
      numbers.push(r[0]);
    });
    return validate(header, body, numbers, fail);
  }
  function otherModel(columns) {
    var found = null;
    Object.keys(data.otherModels).forEach(function (name) {
      if (!found && columns.some(function (c) { return data.otherModels[name].indexOf(c) >= 0; })) { found = name; }
    });
    return found;
  }
  var ITEM_SET = dict(), NOTE_SET = dict();
  ITEMS.forEach(function (id) { ITEM_SET[id] = true; NOTE_SET["note:" + id] = true; });
  var ALLOWED = model.scale.map(function (p) { return p.value; });
  /* responses._answer_versions.mangled: a version a spreadsheet changed (a decimal comma, or a date) */
  var COMMA = /^[0-9]+,[0-9]+$/;
  var DATE = /^[0-9]{1,2}\. ?[0-9]{1,2}\.([0-9]{2,4})?$|^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$|^[0-9]{5}$|(?:^|[^a-zäöü])(?:jan|feb|mär|mrz|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)/i;
  function mangled(v) { return COMMA.test(v) || (DATE.test(v) && /[0-9]/.test(v)); }
  /* responses._answer_versions.older_rows: {assessment: version} of the rows answered under an earlier version */
  function olderRows(col, body, numbers, fail) {
    var older = dict();
    if (!("model_version" in col)) { return older; }
    body.forEach(function (r, k) {
      var v = r[col.model_version] === null ? "" : r[col.model_version].trim();
      if (!v || v === model.version) { return; }
      if (!Object.prototype.hasOwnProperty.call(data.carry, v) && mangled(v)) {
        fail("version_mangled", {row: numbers[k], column: "model_version"},
          {version: v, current: model.version, expected: COMMA.test(v) ? v.replace(/,/g, ".") : model.version});
      }
      if (!Object.prototype.hasOwnProperty.call(data.carry, v)) {
        fail("version_unknown", {row: numbers[k], column: "model_version"}, {version: v, current: model.version, model: model.id});
      }
      var a = r[col.assessment] === null ? "" : r[col.assessment].trim();
      if (!(a in older)) { older[a] = v; }
    });
    return older;
  }
  /* _dont_know.read_dont_know: each id in the column dont_know ("weiß nicht") is a statement of the model */
  function checkDontKnow(col, body, numbers, fail) {
    if (!("dont_know" in col)) { return; }
    body.forEach(function (r, k) {
      (r[col.dont_know] || "").split(/[\s;,]+/).forEach(function (item) {
        if (item && !ITEM_SET[item]) { fail("dont_know_item", {row: numbers[k], column: "dont_know"}, {item: item, model: model.id}); }
      });
    });
  }
  /* responses._answer_versions.forget_changed: the statements changed since are not answered; got.older says so */
  function forgetChanged(got, older) {
    got.older = dict();
    Object.keys(older).forEach(function (a) {
      var v = older[a];
      data.carry[v].forEach(function (item) { got.answers[a][ITEMS.indexOf(item)] = null; });
      if (got.meta[a]) { got.meta[a].model_version = model.version; }
      (got.older[v] = got.older[v] || []).push(a);
    });
    return got;
  }
  /* _answer_table.Reporter.unknown: an unknown column (where: "wide", "long") or statement ("item"), with the name
   * it most likely means (near.js) */
  var NEAR = window.SocialbizNear.choices(ITEMS, model.stages, data.stageNames, META);
  function unknown(name, where, fail, row) {
    var near = window.SocialbizNear.nearest(name, NEAR[where]), fmt = {model: model.id, near: near};
    if (where === "item") {
      fmt.item = name;
      fail(near ? "unknown_item_near" : "unknown_item", {row: row, column: "item"}, fmt);
    }
    fmt.col = name;
    fail(near ? "unknown_col_near" : "unknown_col", {column: name}, fmt);
  }
  function validate(header, body, numbers, fail) {
    if (!body.length) { fail("no_rows"); }
    var col = dict();
    header.forEach(function (h, k) { col[h] = k; });
    var isLong = "assessment" in col && "item" in col && "answer" in col;
    if (!("assessment" in col)) {  // _answer_table.Reporter.no_id
      var meant = window.SocialbizNear.nearId(header, ITEMS, NEAR.long);
      if (meant !== null) { fail("no_id_near", {column: meant}, {col: meant, near: "assessment"}); }
      var known = header.some(function (h) { return ITEM_SET[h] || h === "item" || h === "answer" || otherModel([h]); });
      fail(known ? "no_id" : "not_table");
    }
    if (!isLong) {  // _answer_table.Reporter.layout: a statement of any model as a column makes it wide
      var items = ITEMS.concat.apply(ITEMS, Object.keys(data.otherModels).map(function (m) { return data.otherModels[m]; }));
      var off = window.SocialbizNear.nearLong(header, items, NEAR.long);
      if (off !== null) { fail("long_col_near", {column: off[0]}, {col: off[0], near: off[1]}); }
    }
    var allowedText = ALLOWED.join(", ");
    if ("model" in col) {
      body.forEach(function (r, k) {
        var v = r[col.model];
        if (v !== null && v.trim() !== model.id) { fail("model_col", {row: numbers[k], column: "model"}, {other: v.trim(), model: model.id}); }
      });
    }
    var older = olderRows(col, body, numbers, fail);
    var value = function (raw, row, column) {
      if (raw === null) { return null; }
      var s = raw.trim().replace(/,/g, ".");
      if (!NUMBER.test(s)) { fail("not_number", {row: row, column: column}, {value: raw, allowed: allowedText}); }
      var x = parseFloat(s);
      if (ALLOWED.indexOf(x) < 0) { fail("off_scale", {row: row, column: column}, {value: raw.trim(), allowed: allowedText}); }  // as typed
      return x;
    };
    var checkId = function (v, row) {
      if (v === null || !v.trim()) { fail("no_id_value", {row: row, column: "assessment"}); }
      return v.trim();
    };
    var metas = header.filter(function (h) { return META.indexOf(h) >= 0; });
    var ids = [], meta = dict(), answers = dict();
    if (isLong) {
      var extra = header.filter(function (h) { return ["assessment", "item", "answer"].indexOf(h) < 0 && META.indexOf(h) < 0; });
      if (extra.length) { unknown(extra[0], "long", fail); }
      var first = dict();
      body.forEach(function (r, k) {
        var row = numbers[k], a = checkId(r[col.assessment], row);
        var item = r[col.item] === null ? "" : r[col.item].trim();
        if (!ITEM_SET[item]) {
          var other = otherModel([item]);
          if (other) { fail("other_model", {row: row, column: "item"}, {other: other, model: model.id}); }
          unknown(item, "item", fail, row);
        }
        var key = a + "\u0000" + item;
        if (key in first) { fail("dup_answer", {row: row, column: "item"}, {item: item, id: a, first: first[key]}); }
        first[key] = row;
        if (!(a in answers)) {
          ids.push(a);
          answers[a] = ITEMS.map(function () { return null; });
          meta[a] = {};
          metas.forEach(function (m) { meta[a][m] = r[col[m]]; });
        }
        answers[a][ITEMS.indexOf(item)] = value(r[col.answer], row, "answer");
      });
      checkDontKnow(col, body, numbers, fail);
      return forgetChanged({ids: ids, meta: meta, answers: answers}, older);
    }
    var itemCols = header.filter(function (h) { return ITEM_SET[h]; });
    var unknowns = header.filter(function (h) { return h !== "assessment" && !ITEM_SET[h] && META.indexOf(h) < 0 && !NOTE_SET[h]; });
    if (unknowns.length) {
      var other2 = otherModel(unknowns);
      if (other2 && !itemCols.length) { fail("other_model", {}, {other: other2, model: model.id}); }
      unknown(unknowns[0], "wide", fail);
    }
    if (!itemCols.length) { fail("no_items", {}, {model: model.id, example: ITEMS[0]}); }
    var firstRow = dict();
    body.forEach(function (r, k) {
      var a = checkId(r[col.assessment], numbers[k]);
      if (a in firstRow) { fail("dup_id", {row: numbers[k], column: "assessment"}, {id: a, first: firstRow[a]}); }
      firstRow[a] = numbers[k];
      ids.push(a);
    });
    // column by column, as the package checks them
    ITEMS.forEach(function (item, j) {
      body.forEach(function (r, k) {
        var a = ids[k];
        if (!answers[a]) { answers[a] = ITEMS.map(function () { return null; }); }
        if (item in col) { answers[a][j] = value(r[col[item]], numbers[k], item); }
      });
    });
    body.forEach(function (r, k) {
      meta[ids[k]] = {};
      metas.forEach(function (m) { meta[ids[k]][m] = r[col[m]]; });
    });
    checkDontKnow(col, body, numbers, fail);
    return forgetChanged({ids: ids, meta: meta, answers: answers}, older);
  }

  /* ---------------------------------------------------------------- one XLSX: socialbiz_kit._xlsx (first sheet) */
  var XLSX = {unpacked: 50000000, part: 20000000, parts: 1000, row: 1048576, column: 16384, cells: 2000000};
  function isBlank(bytes) {
    for (var b = 0; b < bytes.length; b += 1) { if ([9, 10, 11, 12, 13, 32].indexOf(bytes[b]) < 0) { return false; } }
    return true;
  }
  function children(node, name) {
    return Array.prototype.filter.call(node.childNodes, function (c) { return c.localName === name; });
  }
  function columnNumber(ref) {
    var letters = /^([A-Z]+)/.exec(ref || ""), n = 0;
    if (!letters) { return null; }
    for (var i = 0; i < letters[1].length; i += 1) { n = n * 26 + letters[1].charCodeAt(i) - 64; }
    return n;
  }
  function columnLetters(n) { var s = ""; while (n > 0) { s = String.fromCharCode(65 + (n - 1) % 26) + s; n = Math.floor((n - 1) / 26); } return s; }
  function readXLSX(bytes, file) {
    var fail = reporter(file);
    return Promise.resolve().then(function () {
      var members;
      try { members = zipMembers(bytes.slice().buffer); } catch (e) { fail("bad_xlsx"); }
      if (members.length > XLSX.parts) { fail("bad_xlsx"); }
      var total = 0, biggest = 0;
      members.forEach(function (m) { total += m.size; biggest = Math.max(biggest, m.size); });
      if (total > XLSX.unpacked || biggest > XLSX.part) {
        var over = total > XLSX.unpacked;
        fail("xlsx_too_large", {}, {size: mb(over ? total : biggest), limit: mb(over ? XLSX.unpacked : XLSX.part)});
      }
      var byPath = dict();
      members.forEach(function (m) { byPath[m.path.replace(/^\//, "")] = m; });
      var xml = function (path) {
        var m = byPath[path];
        if (!m) { return Promise.resolve(null); }
        return m.load().then(function (raw) {
          var doc = new DOMParser().parseFromString(new TextDecoder("utf-8").decode(raw), "application/xml");
          if (doc.getElementsByTagName("parsererror").length) { throw new Error("xml"); }
          return doc;
        });
      };
      var sheets = [], shared = [];
      return Promise.all([xml("xl/workbook.xml"), xml("xl/_rels/workbook.xml.rels"), xml("xl/sharedStrings.xml")])
        .then(function (docs) {
          var all = docs[0] ? docs[0].getElementsByTagNameNS("*", "sheet") : [];
          if (!all.length || !docs[1]) { throw new Error("no sheet"); }
          var paths = dict();
          Array.prototype.forEach.call(docs[1].getElementsByTagNameNS("*", "Relationship"), function (r) {
            var target = r.getAttribute("Target") || "";
            paths[r.getAttribute("Id")] = target[0] === "/" ? target.slice(1) : "xl/" + target;
          });
          sheets = Array.prototype.map.call(all, function (sheet) {
            var id = sheet.getAttributeNS("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id");
            return {name: sheet.getAttribute("name"), path: paths[id]};
          });
          if (docs[2]) {
            Array.prototype.forEach.call(docs[2].getElementsByTagNameNS("*", "si"), function (si) {
              var text = "";
              Array.prototype.forEach.call(si.getElementsByTagNameNS("*", "t"), function (tNode) {
                if (!tNode.parentNode || tNode.parentNode.localName !== "rPh") { text += tNode.textContent; }
              });
              shared.push(text);
            });
          }
          return xml(sheets[0].path);
        })
        .then(function (doc) {
          if (!doc) { throw new Error("no sheet"); }
          var rows = sheetRows(doc, shared, fail);
          return rows.length ? rows : dataElsewhere(sheets, xml, shared, fail).then(function () { return rows; });
        })
        .then(function (rows) { return fromRows(rows, fail); }, function (e) { if (e instanceof Problem) { throw e; } fail("bad_xlsx"); });
    });
  }
  /* socialbiz_kit._xlsx._data_elsewhere: a first sheet without data while a later sheet holds some: say which */
  function dataElsewhere(sheets, xml, shared, fail) {
    return sheets.slice(1).reduce(function (chain, sheet) {
      return chain.then(function () { return sheet.path ? xml(sheet.path) : null; }).then(function (doc) {
        if (doc && Array.prototype.some.call(doc.getElementsByTagNameNS("*", "c"), function (c) { return cellText(c, shared); })) {
          fail("first_sheet_empty", {}, {first: sheets[0].name, sheet: sheet.name});
        }
      });
    }, Promise.resolve());
  }
  /* whether a cell holds anything (openpyxl's value, formulas as written): its text, or "" */
  function cellText(c, shared) {
    if (children(c, "f").length) { return "="; }
    var v = children(c, "v")[0], type = c.getAttribute("t") || "n", is = children(c, "is")[0], text = null;
    if (type === "s") { text = v ? shared[Number(v.textContent)] : null; }
    else if (type === "inlineStr") { text = is ? is.textContent : null; }
    else if (v) { text = v.textContent; }
    return typeof text === "string" ? text.trim() : "";
  }
  /* socialbiz_kit._xlsx._collect: the stored cells as text (numbers as Python writes them), formulas refused */
  function sheetRows(doc, shared, fail) {
    var far = {rows: num(XLSX.row, 0), cols: num(XLSX.column, 0)};
    var data = doc.getElementsByTagNameNS("*", "sheetData")[0];
    var rows = [], header = null, read = 0, number = 0;
    (data ? children(data, "row") : []).forEach(function (row) {
      number = row.hasAttribute("r") ? Number(row.getAttribute("r")) : number + 1;
      if (number > XLSX.row) { fail("xlsx_far_cell", {row: number}, far); }
      var values = {}, column = 0, width = 0;
      children(row, "c").forEach(function (c) {
        var at = columnNumber(c.getAttribute("r"));
        column = at === null ? column + 1 : at;
        read += 1;
        if (read > XLSX.cells) { fail("xlsx_too_many_cells", {}, {limit: num(XLSX.cells, 0)}); }
        if (column > XLSX.column) { fail("xlsx_far_cell", {row: number}, far); }
        var type = c.getAttribute("t") || "n", f = children(c, "f")[0], v = children(c, "v")[0], value = null;
        if (f) {
          var name = header && column <= header.length ? header[column - 1] : columnLetters(column);
          fail("formula", {row: number, column: name}, {formula: ("=" + f.textContent).slice(0, 40)});
        }
        if (type === "s") {
          if (v) { var k = Number(v.textContent); if (!(k in shared)) { throw new Error("shared"); } value = shared[k]; }
        } else if (type === "inlineStr") {
          var is = children(c, "is")[0];
          value = is ? Array.prototype.map.call(is.getElementsByTagNameNS("*", "t"), function (x) { return x.textContent; }).join("") : null;
        } else if (type === "b") {
          value = v ? (v.textContent === "1" ? "True" : "False") : null;
        } else if (type === "n" && v) {
          var x = Number(v.textContent);
          if (v.textContent.trim() === "" || isNaN(x)) { throw new Error("number"); }
          value = String(x);
        } else if (v) { value = v.textContent; }
        if (typeof value === "string" && value[0] === "=" && type !== "s" && type !== "inlineStr") {
          var nm = header && column <= header.length ? header[column - 1] : columnLetters(column);
          fail("formula", {row: number, column: nm}, {formula: value.slice(0, 40)});
        }
        if (value === null || !value.trim()) { return; }
        if (header !== null && column > header.length) { fail("not_table", {row: number}); }
        values[column] = value;
        width = Math.max(width, column);
      });
      if (width) {
        var w = header !== null ? header.length : width, cells = [];
        for (var j = 1; j <= w; j += 1) { cells.push(j in values ? values[j] : null); }
        rows.push([number, cells]);
        if (header === null) { header = cells.map(function (h) { return h === null ? "" : h; }); }
      }
    });
    return rows;
  }
  /* read_responses for one file's bytes: a workbook (starts with PK, or named .xlsx/.xlsm) or a CSV */
  function readFile(bytes, file) {
    if (isBlank(bytes)) { reporter(file)("empty"); }
    var s = suffix(file);
    if ((bytes[0] === 0x50 && bytes[1] === 0x4b) || s === ".xlsx" || s === ".xlsm") { return readXLSX(bytes, file); }
    return Promise.resolve(readCSV(bytes, file));
  }

  /* ---------------------------------------------------------------- a class: socialbiz_kit.classroom.read_class */
  function sharedFolders(folders) {
    if (!folders.length) { return []; }
    var common = [], shortest = Math.min.apply(null, folders.map(function (f) { return f.length; }));
    for (var level = 0; level < shortest; level += 1) {
      var name = folders[0][level];
      if (folders.some(function (f) { return f[level] !== name; }) || MOODLE.test(name) || folders.length === 1) { break; }
      common.push(name);
    }
    return common;
  }
  function raterFromPath(parts, common) {
    var rest = parts.slice(common.length);
    if (rest.length < 2) { var last = rest[rest.length - 1], dot = last.lastIndexOf("."); return dot > 0 ? last.slice(0, dot) : last; }
    var m = MOODLE.exec(rest[0]);
    if (m && BLIND.test(m[1])) { return (m[1] + " " + m[2]).trim(); }
    return (m ? m[1] : rest[0]).trim();
  }
  function suffix(name) { var dot = name.lastIndexOf("."); return dot > 0 ? name.slice(dot).toLowerCase() : ""; }
  /* Files chosen or dropped from several folders can share one path (the same name, no folder): without an
   * assessor column they would all be read as one person. -> {entry index: 1, 2, ... among the files of that path},
   * and a notice per such path. */
  function sameNamed(entries, notices) {
    var where = dict(), twins = dict();
    entries.forEach(function (e, k) { (where[e.path] = where[e.path] || []).push(k); });
    Object.keys(where).forEach(function (path) {
      if (where[path].length < 2) { return; }
      where[path].forEach(function (k, n) { twins[k] = n + 1; });
      var parts = path.split("/"), file = parts[parts.length - 1], dot = file.lastIndexOf(".");
      var stem = dot > 0 ? file.slice(0, dot) : file;
      var names = where[path].map(function (k, n) { return t("class_page.quoted", {name: stem + " (" + (n + 1) + ")"}); }).join(", ");
      notices.push(t("class_page.same_name", {name: path, names: names}, where[path].length));
    });
    return twins;
  }
  /* classroom_files._day: an ISO day (2026-10-12) that is a real day, or null */
  function isoDay(x) {
    var s = typeof x === "string" ? x.trim() : "", m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) { return null; }
    var d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? s : null;
  }
  /* classroom_files._keep_later: one assessment per student and case, never mixed; the later one counts whole (the
   * later date when every one has a date and they differ, else the later in reading order); a notice for each
   * one set aside, in reading order. -> the rows kept */
  function keepLater(rows, notices) {
    var groups = dict(), order = [], aside = dict();
    rows.forEach(function (r, p) {
      var key = r.rater + "\u0000" + r.organisation;
      if (!(key in groups)) { groups[key] = []; order.push(key); }
      groups[key].push(p);
    });
    var days = rows.map(function (r) { return isoDay(r.date); });
    order.forEach(function (key) {
      var where = groups[key], kept = where[where.length - 1];
      var dated = where.every(function (p) { return days[p]; }), distinct = dict();
      where.forEach(function (p) { distinct[days[p]] = true; });
      if (dated && Object.keys(distinct).length > 1) {
        var latest = where.map(function (p) { return days[p]; }).sort().pop();
        kept = where.filter(function (p) { return days[p] === latest; }).pop();
      }
      where.forEach(function (p) {
        if (p === kept) { return; }
        var old = days[p], now = days[kept], r = rows[p];
        aside[p] = t(old && now && now > old ? "classroom.set_aside_date" : "classroom.set_aside_order", {file: r.file,
          assessment: r.assessment, "case": r.organisation, rater: r.rater, kept: rows[kept].file, old: old, "new": now});
      });
    });
    Object.keys(aside).map(Number).sort(function (a, b) { return a - b; }).forEach(function (p) { notices.push(aside[p]); });
    return rows.filter(function (r, p) { return !(p in aside); });
  }
  /* entries: [{path, load() -> Promise<Uint8Array>}] in reading order. -> {rows, problems, files} */
  function readClass(entries) {
    entries = entries.filter(function (e) {
      return !e.path.split("/").some(function (part) { return IGNORED.indexOf(part) >= 0; });
    });
    var common = sharedFolders(entries.map(function (e) { return e.path.split("/").slice(0, -1); }));
    var rows = [], problems = [], notices = [], files = 0, budget = LIMITS.classBytes;
    var twins = sameNamed(entries, notices);
    var step = function (k) {
      if (k >= entries.length) {  // read_class: the spellings of one case, of one rater merged (said so), then the later assessment
        var merged = mergeNames(rows, "organisation");
        merged.forEach(function (m) { notices.push(mergedNote(m[0], m[1], "organisation")); });
        mergeNames(rows, "rater").forEach(function (m) { notices.push(mergedNote(m[0], m[1], "rater")); });
        return Promise.resolve({rows: keepLater(rows, notices), problems: problems, files: files, notices: notices,
          merged: merged});
      }
      var e = entries[k], parts = e.path.split("/"), name = parts[parts.length - 1];
      var rater = raterFromPath(parts, common) + (twins[k] ? " (" + twins[k] + ")" : "");
      var problem = function (text) { problems.push({rater: rater, file: name, path: e.path, problem: text}); };
      var sfx = suffix(name);
      if (sfx !== ".csv" && sfx !== ".xlsx") {
        problem(t("classroom.not_answer_file", {suffix: sfx || "–"}));
        return step(k + 1);
      }
      if (budget <= 0) { problem(t("classroom.class_too_large", {limit: mb(LIMITS.classBytes)})); return step(k + 1); }
      return e.load().then(function (bytes) {
        budget -= bytes.length;
        return readFile(bytes, name);
      }).then(function (got) {
        files += 1;
        Object.keys(got.older || {}).forEach(function (v) {
          notices.push(t("answers.older_version", {file: e.path, version: v, current: model.version,
            items: data.carry[v].map(function (i) { return LABELS[i]; }).join(", ")}, got.older[v].length));
        });
        got.ids.forEach(function (id) {
          var m = got.meta[id];
          var assessor = m.assessor === undefined || m.assessor === null ? rater : m.assessor;
          var org = m.organisation === undefined || m.organisation === null ? id : m.organisation;
          rows.push({rater: assessor, organisation: org, assessment: id, file: e.path, date: m.date, answers: got.answers[id]});
        });
      }).catch(function (err) {
        problem(err instanceof Problem ? err.message : t("answers.unreadable"));
      }).then(function () { return step(k + 1); });
    };
    return step(0);
  }

  /* ---------------------------------------------------------------- the figures: socialbiz_kit.classroom */
  /* Krippendorff's alpha (the PyPI package krippendorff, as socialbiz_kit.agreement.krippendorff_alpha calls it):
   * units = [[value, ...] per unit] (missing left out). -> {alpha (null = not defined), pairable, why} */
  function alpha(units, level) {
    var kept = units.filter(function (u) { return u.length >= 2; });
    var pairable = 0;
    kept.forEach(function (u) { pairable += u.length; });
    var domain = [];
    kept.forEach(function (u) { u.forEach(function (v) { if (domain.indexOf(v) < 0) { domain.push(v); } }); });
    domain.sort(function (a, b) { return a - b; });
    if (pairable < 2) { return {alpha: null, pairable: pairable, why: "few"}; }
    if (domain.length < 2) { return {alpha: null, pairable: pairable, why: "same"}; }
    var V = domain.length, index = {}, o = [], c, k;
    domain.forEach(function (v, i) { index[v] = i; });
    for (c = 0; c < V; c += 1) { o.push(new Float64Array(V)); }
    kept.forEach(function (u) {
      var counts = new Float64Array(V);
      u.forEach(function (v) { counts[index[v]] += 1; });
      var m1 = Math.max(u.length, 2) - 1;
      for (c = 0; c < V; c += 1) {
        if (!counts[c]) { continue; }
        for (k = 0; k < V; k += 1) { o[c][k] += (counts[c] * counts[k] - (c === k ? counts[c] : 0)) / m1; }
      }
    });
    var nv = new Float64Array(V), n = 0;
    for (c = 0; c < V; c += 1) { for (k = 0; k < V; k += 1) { nv[k] += o[c][k]; } }
    for (c = 0; c < V; c += 1) { n += nv[c]; }
    var dist = function (a, b) {
      if (level === "nominal") { return a === b ? 0 : 1; }
      if (level === "interval") { return (domain[a] - domain[b]) * (domain[a] - domain[b]); }
      var lo = Math.min(a, b), hi = Math.max(a, b), s = 0;
      for (var g = lo; g <= hi; g += 1) { s += nv[g]; }
      s -= (nv[lo] + nv[hi]) / 2;
      return s * s;
    };
    var observed = 0, expected = 0;
    for (c = 0; c < V; c += 1) {
      for (k = 0; k < V; k += 1) {
        var d = dist(c, k);
        observed += o[c][k] * d;
        expected += (nv[c] * nv[k] - (c === k ? nv[c] : 0)) / (n - 1) * d;
      }
    }
    return {alpha: 1 - observed / expected, pairable: pairable, why: null};
  }
  function byName(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  /* ui.sort_key: German order (DIN 5007, first variant), umlauts as base letters, ß as ss, case ignored */
  function sortKey(name) {
    return name.toLowerCase().replace(/ß/g, "ss").normalize("NFKD").replace(/\p{Mn}/gu, "") + "\u0000" + name;
  }
  function byGermanName(a, b) { return byName(sortKey(a), sortKey(b)); }
  function median(values) {
    var s = values.slice().sort(function (a, b) { return a - b; }), h = Math.floor(s.length / 2);
    return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
  }
  /* rows: [{rater, organisation, answers: [value or null per item]}] -> every figure the page shows. */
  function compute(rows, options) {
    options = options || {};
    var top = options.top || 5;
    var floor = model.baseline ? 1 : 0, nStages = model.stages[model.stages.length - 1].number;
    var cases = dict(), raters = dict(), last = dict();
    // classroom_files.check_class: the spellings of one case, of one rater merged, named as first seen (readClass did it already)
    rows = rows.map(function (r) { return Object.assign({}, r); });
    var merged = mergeNames(rows, "organisation");
    mergeNames(rows, "rater");
    // classroom_files.one_per_rater: a rater's later assessment of a case counts, whole (readClass gives such rows)
    rows.forEach(function (r, p) { last[r.rater + "\u0000" + r.organisation] = p; });
    rows = rows.filter(function (r, p) { return last[r.rater + "\u0000" + r.organisation] === p; });
    rows.forEach(function (r) {
      var answers = dict();
      ITEMS.forEach(function (id, j) { answers[id] = r.answers[j]; });
      r.stage = window.SocialbizScore.score(model, answers).stage;
      (cases[r.organisation] = cases[r.organisation] || []).push(r);
      raters[r.rater] = true;
    });
    var names = Object.keys(cases).sort(byGermanName);
    // stage_agreement: raters x cases of stages, a rater's later assessment of a case counts
    var lastStage = function (list) {
      var by = dict();
      list.forEach(function (r) { by[r.rater] = r.stage; });
      return Object.keys(by).map(function (k) { return by[k]; });
    };
    var classAlpha = alpha(names.map(function (c) { return lastStage(cases[c]); }), "ordinal");
    var out = names.map(function (c) {
      var list = cases[c], counts = {};
      for (var s = floor; s <= nStages; s += 1) { counts[s] = 0; }
      list.forEach(function (r) { counts[r.stage] += 1; });
      var most = 0, modal = floor;
      Object.keys(counts).forEach(function (s) { if (counts[s] > most) { most = counts[s]; modal = Number(s); } });
      // case_agreement: the statements as units, each rater's answers (one assessment per rater)
      var per = dict();
      list.forEach(function (r) { per[r.rater] = r.answers; });
      var units = ITEMS.map(function (id, j) {
        return Object.keys(per).map(function (k) { return per[k][j]; }).filter(function (v) { return v !== null; });
      });
      var caseAlpha = alpha(units, "ordinal");
      // disagreements: every answer given (all assessments), at least 3 per statement
      var spread = [];
      ITEMS.forEach(function (id, j) {
        var vals = list.map(function (r) { return r.answers[j]; }).filter(function (v) { return v !== null; });
        if (vals.length < 3) { return; }
        var sum = 0, sq = 0, lo = Infinity, hi = -Infinity;
        vals.forEach(function (v) { sum += v; lo = Math.min(lo, v); hi = Math.max(hi, v); });
        var mean = sum / vals.length;
        vals.forEach(function (v) { sq += (v - mean) * (v - mean); });
        spread.push({item: id, n: vals.length, mean: mean, sd: Math.sqrt(sq / (vals.length - 1)), low: lo, high: hi});
      });
      spread.sort(function (a, b) { return b.sd - a.sd || byName(a.item, b.item); });
      return {organisation: c, n: list.length, counts: counts, modalStage: modal, modalShare: most / list.length,
        median: median(list.map(function (r) { return r.stage; })), raters: Object.keys(per).length,
        alpha: caseAlpha.alpha, alphaWhy: caseAlpha.why, pairable: caseAlpha.pairable, spread: spread.slice(0, top)};
    });
    return {cases: out, merged: merged, alpha: classAlpha.alpha, alphaWhy: classAlpha.why, pairable: classAlpha.pairable,
      raters: Object.keys(raters).length, assessments: rows.length};
  }

  /* ---------------------------------------------------------------- files from the inputs and drops */
  function fileBytes(file) {
    if (file.size > LIMITS.upload) {
      return Promise.reject(new Problem(t("classroom.too_large", {size: mb(file.size), limit: mb(LIMITS.upload)})));
    }
    return file.arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  /* [{file, path}] -> entries in reading order: a ZIP's members in its place, a folder's files in walking order. */
  function toEntries(picked) {
    var entries = [], zipProblems = [];
    var chain = Promise.resolve();
    picked.forEach(function (p) {
      if (suffix(p.file.name) === ".zip") {
        chain = chain.then(function () { return p.file.arrayBuffer(); }).then(function (buffer) {
          try {
            zipMembers(buffer).forEach(function (m) { entries.push(m); });
          } catch (e) {
            zipProblems.push({rater: "", file: p.file.name, path: p.path,
              problem: e instanceof Problem ? e.message : t("class_page.zip_broken", {reason: String(e)})});
          }
        });
      } else {
        entries.push({path: p.path, load: function () { return fileBytes(p.file); }, walk: true});
      }
    });
    return chain.then(function () {
      // os.walk order for folders: a folder's files (sorted) before its sub-folders (sorted)
      var walked = entries.filter(function (e) { return e.walk; }).sort(function (a, b) { return walkOrder(a.path, b.path); });
      var zipped = entries.filter(function (e) { return !e.walk; });
      return {entries: walked.concat(zipped), problems: zipProblems};
    });
  }
  function walkOrder(a, b) {
    var x = a.split("/"), y = b.split("/");
    for (var i = 0; i < Math.min(x.length, y.length); i += 1) {
      var xFile = i === x.length - 1, yFile = i === y.length - 1;
      if (xFile !== yFile) { return xFile ? -1 : 1; }
      if (x[i] !== y[i]) { return byName(x[i], y[i]); }
    }
    return x.length - y.length;
  }
  /* a folder chosen with webkitdirectory: paths below the chosen folder, as read_class sees them */
  function fromInput(files) {
    var list = Array.prototype.slice.call(files);
    var roots = dict();
    list.forEach(function (f) { if (f.webkitRelativePath) { roots[f.webkitRelativePath.split("/")[0]] = true; } });
    var strip = Object.keys(roots).length === 1;
    return list.map(function (f) {
      var path = f.webkitRelativePath || f.name;
      return {file: f, path: strip && f.webkitRelativePath ? path.split("/").slice(1).join("/") : path};
    });
  }
  function walkEntry(entry, prefix, out) {
    if (entry.isFile) {
      return new Promise(function (resolve) {
        entry.file(function (f) { out.push({file: f, path: prefix + f.name}); resolve(); }, function () { resolve(); });
      });
    }
    var reader = entry.createReader(), all = [];
    var more = function () {
      return new Promise(function (resolve) { reader.readEntries(resolve, function () { resolve([]); }); }).then(function (batch) {
        if (!batch.length) { return; }
        all = all.concat(batch);
        return more();
      });
    };
    return more().then(function () {
      return all.reduce(function (p, child) {
        return p.then(function () { return walkEntry(child, prefix + entry.name + "/", out); });
      }, Promise.resolve());
    });
  }
  function fromDrop(transfer) {
    var items = transfer.items ? Array.prototype.slice.call(transfer.items) : [];
    var entries = items.map(function (i) { return i.webkitGetAsEntry ? i.webkitGetAsEntry() : null; }).filter(Boolean);
    if (!entries.length) { return Promise.resolve(fromInput(transfer.files)); }
    var out = [];
    var single = entries.length === 1 && entries[0].isDirectory;
    return entries.reduce(function (p, e) { return p.then(function () { return walkEntry(e, "", out); }); }, Promise.resolve())
      .then(function () {
        return single ? out.map(function (o) { return {file: o.file, path: o.path.split("/").slice(1).join("/")}; }) : out;
      });
  }

  /* ---------------------------------------------------------------- showing it */
  var current = null;
  function stageName(n) { return TEXTS["stage." + n + ".name"] || t("common.no_stage"); }
  function why(code) { return t("class_page.alpha_undefined", {why: t(code === "same" ? "class_page.why_same" : "class_page.why_few")}); }
  function alphaText(value, code) { return value === null ? why(code) : num(value, 3); }
  function show(read, result) {
    var problems = read.problems;
    $("empty").hidden = true;
    $("nothing").hidden = read.rows.length > 0;
    $("summary").hidden = $("cases").hidden = read.rows.length === 0;
    $("one-rater").hidden = !(result && result.raters === 1);
    var status = "";
    if (result) {
      status = t("class_page.status", {files: t("class_page.n_files", {}, read.files),
        assessments: t("class_page.n_assessments", {}, result.assessments), raters: t("class_page.n_raters", {}, result.raters),
        cases: t("class_page.n_cases", {}, result.cases.length)});
    }
    if (problems.length) { status += t("class_page.status_problems", {}, problems.length); }
    if ((read.notices || []).length) { status += t("class_page.status_notices", {}, read.notices.length); }
    $("status").textContent = status.trim();
    var older = $("older");  // files answered under an earlier version: what was not taken over
    older.textContent = "";
    (read.notices || []).forEach(function (text) { older.appendChild(el("li", {}, text)); });
    $("notices").hidden = !(read.notices || []).length;
    var list = $("case-list");
    list.textContent = "";
    if (result) {
      $("alpha-class").textContent = t("class_page.alpha_class", {alpha: alphaText(result.alpha, result.alphaWhy)});
      var merged = new Map(result.merged.concat(read.merged || []));
      result.cases.forEach(function (c, k) { list.appendChild(caseSection(c, k, merged.get(c.organisation))); });
    }
    var ul = $("problem-list");
    ul.textContent = "";
    problems.forEach(function (p) {
      var li = el("li");
      li.appendChild(el("strong", {}, p.path));
      li.appendChild(document.createTextNode((p.rater ? " (" + p.rater + ")" : "") + ": " + p.problem));
      ul.appendChild(li);
    });
    $("problems").hidden = !problems.length;
  }
  function caseSection(c, k, spellings) {
    var sec = el("section", {"class": "case", "aria-labelledby": "case-" + k + "-h"});
    sec.appendChild(el("h3", {id: "case-" + k + "-h"}, c.organisation));
    if (spellings) { sec.appendChild(el("p", {"class": "hint spellings"}, mergedNote(c.organisation, spellings, "organisation"))); }
    var table = el("table", {"class": "spread"});
    table.appendChild(el("caption", {"class": "visually-hidden"},
      t("class_page.dist_caption", {n: t("class_page.n_assessments", {}, c.n), "case": c.organisation})));
    var head = el("tr");
    ["stage_col", "count_col", "share_col", "bar_col"].forEach(function (key) {
      head.appendChild(el("th", {scope: "col", "class": key === "bar_col" ? "spread__bar" : ""}, t("class_page." + key)));
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    Object.keys(c.counts).map(Number).sort(function (a, b) { return a - b; }).forEach(function (s) {
      var tr = el("tr");
      tr.appendChild(el("th", {scope: "row"}, s + " – " + stageName(s)));
      tr.appendChild(el("td", {"class": "num"}, String(c.counts[s])));
      tr.appendChild(el("td", {"class": "num"}, pct(c.counts[s] / c.n)));
      var cell = el("td", {"class": "spread__bar"}), bar = el("span", {"class": "bar", "aria-hidden": "true"});
      bar.style.width = (100 * c.counts[s] / c.n) + "%";
      cell.appendChild(bar);
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    table.appendChild(body);
    var wrap = el("div", {"class": "table-wrap"});
    wrap.appendChild(table);
    sec.appendChild(wrap);
    var facts = el("ul", {"class": "facts"});
    facts.appendChild(el("li", {}, t("class_page.modal", {stage: c.modalStage + " – " + stageName(c.modalStage), share: pct(c.modalShare)})));
    facts.appendChild(el("li", {}, t("class_page.median", {median: num(c.median, c.median % 1 ? 1 : 0)})));
    facts.appendChild(el("li", {}, t("class_page.alpha_case", {alpha: alphaText(c.alpha, c.alphaWhy)})));
    sec.appendChild(facts);
    sec.appendChild(el("h4", {}, t("class_page.spread_h")));
    if (!c.spread.length) {
      sec.appendChild(el("p", {}, t("class_page.spread_none")));
    } else {
      var ol = el("ol", {"class": "statements"});
      c.spread.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("span", {"class": "statement"}, TEXTS["item." + s.item] || s.item));
        li.appendChild(el("span", {"class": "hint spread__detail"}, s.item + " · " + t("class_page.spread_item", {
          low: TEXTS["scale." + s.low] || s.low, high: TEXTS["scale." + s.high] || s.high, mean: num(s.mean),
          sd: num(s.sd), n: t("class_page.spread_answers", {}, s.n)})));
        ol.appendChild(li);
      });
      sec.appendChild(ol);
    }
    return sec;
  }
  function reset() {
    current = null;
    $("files").value = "";
    $("folder").value = "";
    ["nothing", "summary", "cases", "problems", "one-rater", "notices"].forEach(function (id) { $(id).hidden = true; });
    $("empty").hidden = false;
    $("status").textContent = "";
    $("case-list").textContent = "";
    document.documentElement.removeAttribute("data-shown");
  }
  /* picked files -> read -> computed -> shown; resolves with the timings (ms) */
  function analyse(picked) {
    var t0 = performance.now();
    $("status").textContent = t("class_page.reading");
    document.documentElement.setAttribute("data-busy", "true");
    return toEntries(picked).then(function (got) {
      return readClass(got.entries).then(function (read) {
        read.problems = got.problems.concat(read.problems);
        return read;
      });
    }).then(function (read) {
      var result = read.rows.length ? compute(read.rows) : null;
      current = {read: read, result: result};
      show(read, result);
      document.documentElement.removeAttribute("data-busy");
      // shown: after the next frame has been laid out
      return new Promise(function (resolve) { requestAnimationFrame(function () { setTimeout(resolve, 0); }); });
    }).then(function () {
      current.ms = performance.now() - t0;
      document.documentElement.setAttribute("data-shown", String(Date.now()));
      return current.ms;
    });
  }
  /* only reading and parsing the same files (the benchmark's baseline) */
  function readOnly(picked) {
    var t0 = performance.now();
    return toEntries(picked).then(function (got) { return readClass(got.entries); }).then(function () { return performance.now() - t0; });
  }

  window.SocialbizFields.filePicker("files");
  window.SocialbizFields.filePicker("folder");
  $("files").addEventListener("change", function () { analyse(fromInput(this.files)); });
  $("folder").addEventListener("change", function () { analyse(fromInput(this.files)); });
  // a drop anywhere on the page is read (the browser would otherwise open the file instead of the page)
  var drop = $("drop");
  ["dragenter", "dragover"].forEach(function (type) {
    document.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("drop--over"); });
  });
  document.addEventListener("dragleave", function (e) { if (!e.relatedTarget) { drop.classList.remove("drop--over"); } });
  document.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("drop--over");
    fromDrop(e.dataTransfer).then(analyse);
  });
  $("reset").addEventListener("click", reset);
  $("print").addEventListener("click", function () { window.print(); });

  window.socialbizClass = {
    compute: compute, alpha: alpha, caseKey: caseKey, analyse: analyse, readOnly: readOnly, fromInput: fromInput, near: NEAR,
    readCSV: function (bytes, name) { return readCSV(bytes, name); },
    readFile: function (bytes, name) { return readFile(bytes, name); },
    result: function () { return current; }
  };
  document.documentElement.setAttribute("data-ready", "true");
}());
