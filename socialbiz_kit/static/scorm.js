/* socialbiz-kit self-check inside an LMS (SCORM 1.2): only in pages built with --scorm, before page.js.
 * No API found (parents, then the opener's): nothing here runs and the page is the stand-alone page.
 * Sent: cmi.core.lesson_status, cmi.core.score.raw/min/max (unless the build says "none"), cmi.suspend_data,
 * cmi.core.exit. Read: cmi.suspend_data only (never the learner's name or id). socialbiz_kit/scorm.py documents
 * the suspend_data encoding and computes its worst case. Plain ES2017, no dependencies. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sbk-data").textContent);
  var cfg = data.scorm, model = data.model, ITEMS = data.itemIds;
  // the characters of the answer codes (base 62), as socialbiz_kit.scorm.DIGITS
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  /* The SCORM 1.2 API: the window's parents (at most 7 levels, as ADL's own discovery), then the opener's. */
  function seek(win) {
    for (var k = 0; win && k < 8; k += 1) {
      try { if (win.API && typeof win.API.LMSInitialize === "function") { return win.API; } } catch (e) { return null; }
      if (!win.parent || win.parent === win) { return null; }
      win = win.parent;
    }
    return null;
  }
  var api = seek(window);
  if (!api) { try { api = window.top.opener ? seek(window.top.opener) : null; } catch (e) { api = null; } }
  if (!api || String(api.LMSInitialize("")) !== "true") { return; }
  var sent = {}, timer = null, finished = false, dirty = false;
  var width = 1;
  while (Math.pow(62, width) < model.scale.length + 2) { width += 1; }
  function set(name, value) {
    value = String(value);
    if (sent[name] === value) { return; }
    sent[name] = value;
    api.LMSSetValue(name, value);
    dirty = true;
  }
  function code(n) {
    var s = "";
    for (var k = 0; k < width; k += 1) { s = DIGITS[n % 62] + s; n = Math.floor(n / 62); }
    return s;
  }
  function encode(state) {
    var answers = ITEMS.map(function (id) {
      var v = state.answers[id];
      if (v === undefined || v === null) { return code(state.dontKnow[id] ? 1 : 0); }
      return code(2 + model.scale.map(function (p) { return p.value; }).indexOf(v));
    }).join("");
    var base = cfg.header + answers;
    var notes = ITEMS.map(function (id, k) {
      return state.notes[id] ? k + ":" + encodeURIComponent(state.notes[id]) : "";
    }).filter(Boolean).join(",");
    var full = base + ";" + notes;
    return {text: notes && full.length <= cfg.limit ? full : base, notes: !notes || full.length <= cfg.limit};
  }
  /* The header and the items it was written with: this version's, or an earlier version's that cfg.older can read
   * (its items in their order; the statements changed since stay open). Null for anything else. */
  function layout(raw) {
    if (raw.indexOf(cfg.header) === 0) { return {header: cfg.header, items: ITEMS, open: []}; }
    var stem = cfg.header.slice(0, cfg.header.lastIndexOf(";", cfg.header.length - 2) + 1);
    if (raw.indexOf(stem) !== 0) { return null; }
    var version = raw.slice(stem.length).split(";")[0], old = own(cfg.older || {}, version) ? cfg.older[version] : null;
    return old ? {header: stem + version + ";", items: old.items, open: old.open} : null;
  }
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function restore(state) {
    var raw = api.LMSGetValue("cmi.suspend_data");
    raw = raw === null || raw === undefined ? "" : String(raw);
    var lay = layout(raw);
    if (!lay) { return; }
    var parts = raw.slice(lay.header.length).split(";"), codes = parts[0];
    if (codes.length !== lay.items.length * width || parts.length > 2) { return; }
    lay.items.forEach(function (id, k) {
      var n = 0;
      for (var j = 0; j < width; j += 1) { n = n * 62 + DIGITS.indexOf(codes[k * width + j]); }
      if (ITEMS.indexOf(id) < 0 || lay.open.indexOf(id) >= 0) { return; }
      delete state.answers[id];
      delete state.dontKnow[id];
      if (n === 1) { state.answers[id] = null; state.dontKnow[id] = true; }
      else if (n >= 2 && n - 2 < model.scale.length) { state.answers[id] = model.scale[n - 2].value; }
    });
    lay.open.forEach(function (id) { delete state.answers[id]; delete state.dontKnow[id]; });
    if (parts.length === 2) {
      state.notes = Object.create(null);
      parts[1].split(",").filter(Boolean).forEach(function (pair) {
        var at = pair.indexOf(":"), id = lay.items[Number(pair.slice(0, at))];
        try { if (id && ITEMS.indexOf(id) >= 0) { state.notes[id] = decodeURIComponent(pair.slice(at + 1)); } } catch (e) { /* left out */ }
      });
    }
    if (lay.items === ITEMS) { sent["cmi.suspend_data"] = raw; }
  }
  function words(key) {
    var texts = data.texts[document.documentElement.lang === "en" ? "en" : "de"];
    return texts["scorm." + key];
  }
  function changed(state) {
    var done = ITEMS.filter(function (id) {
      var v = state.answers[id];
      return (v !== undefined && v !== null) || state.dontKnow[id];
    }).length;
    var enc = encode(state);
    set("cmi.suspend_data", enc.text);
    if (done > 0) {
      set("cmi.core.lesson_status", done === ITEMS.length ? "completed" : "incomplete");
      if (cfg.score !== "none") {
        var r = window.SocialbizScore.score(model, ITEMS.reduce(function (o, id) {
          var v = state.answers[id];
          o[id] = v === undefined ? null : v;
          return o;
        }, {}));
        var top = model.stages[model.stages.length - 1].number, floor = model.baseline ? 1 : 0;
        var raw = cfg.score === "stage" ? 100 * r.stage / top
          : r.index === null ? null : 100 * (r.index - floor) / (top - floor);
        set("cmi.core.score.min", "0");
        set("cmi.core.score.max", "100");
        set("cmi.core.score.raw", raw === null ? "" : String(Math.round(raw)));
      }
    }
    var note = document.getElementById("lms-note");
    note.textContent = words(cfg.score) + " " + words(enc.notes ? "notes_sent" : "notes_local");
    note.hidden = false;
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(commit, 1000);
  }
  function commit() {
    timer = null;
    if (dirty && !finished) { dirty = false; api.LMSCommit(""); }
  }
  set("cmi.core.exit", "suspend");
  window.addEventListener("pagehide", function () {
    if (finished) { return; }
    commit();
    finished = true;
    api.LMSFinish("");
  });
  var privacy = document.querySelector("[data-i18n='page.privacy']");
  if (privacy) { privacy.hidden = true; }
  /* page.js calls start(state) once it has read the browser's copy (suspend_data wins), changed(state) after each save. */
  window.SocialbizLMS = {start: function (state) { restore(state); changed(state); }, changed: changed};
}());
