/* socialbiz-kit self-check page: form state, storage, result, roadmap, CSV download and upload.
 * Plain ES2017, no dependencies, no network. The rules themselves live in score.js. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sbk-data").textContent);
  var model = data.model, TEXTS = data.texts, S = window.SocialbizScore, ITEMS = data.itemIds;
  // inside an LMS (pages built with --scorm, scorm.js): told of every saved change; absent otherwise
  var LMS = window.SocialbizLMS;
  var META = ["organisation", "assessor", "date", "model", "model_version", "note", "dont_know"];
  // socialbiz_kit._io._FORMULA_START and responses._NUMBER: the same rules as the kit's reader
  var FORMULA = /^[=+\-@\t\r\n']/, NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
  // controls that embed, override or isolate writing direction (report._DIRECTION_CONTROLS)
  var BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
  var lang = data.lang;
  var state, history = [], undoEntry = null, confirmAction = null, confirmReturn = null;
  // comparison: the earlier assessment the result is set beside ({state, date, from, name, n, first}) or null;
  // undoReopen: the history entry the last "Öffnen" took out of the history ({entry, at}), for undo
  var comparison = null, undoReopen = null;
  var storageOK = true, lastAnnounced = "", announceTimer = null;
  // lastRaw: the stored text this tab last read or wrote (another tab's save differs); badRaw: unreadable text kept
  var lastRaw = null, badRaw = null;
  // older: answers this device saved under an earlier version of the model ({key, version, saved}), offered once
  var older = null;
  var $ = function (id) { return document.getElementById(id); };
  var stageOf = {}, RECS = {};
  (model.recommendations || []).forEach(function (r) { RECS[r.id] = r; });
  model.stages.forEach(function (s) { s.items.forEach(function (id) { stageOf[id] = s.number; }); });

  /* ---------------------------------------------------------------- words and numbers */
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function plain(s) { return String(s).replace(BIDI, ""); }
  /* A text with its {placeholders} filled: own properties only ({constructor} stays as written). */
  function t(key, fmt, count, lg) {
    var words = TEXTS[lg || lang];
    if (!own(words, key)) { return key; }
    var v = words[key];
    if (typeof v === "object") { v = v[count === 1 ? "one" : "other"]; }
    fmt = fmt || {};
    if (count !== undefined) { fmt.count = count; }
    return v.replace(/\{(\w+)\}/g, function (m, k) { return own(fmt, k) ? plain(fmt[k]) : m; });
  }
  function locale(lg) { return (lg || lang) === "de" ? "de-DE" : "en-GB"; }
  function num(x, decimals) {
    if (x === null || x === undefined || isNaN(x)) { return "–"; }
    decimals = decimals === undefined ? 2 : decimals;
    return new Intl.NumberFormat(locale(), {minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(x);
  }
  function pct(x) {
    if (x === null || x === undefined || isNaN(x)) { return "–"; }
    var n = new Intl.NumberFormat(locale(), {maximumFractionDigits: 0}).format(Math.round(x * 100));
    return lang === "de" ? n + "\u00a0%" : n + "%";
  }
  function points(x) { return Math.floor(x * 100 + 0.5); }  // whole percent, half up (render._points)
  function pctPoints(x) { return pct(points(x) / 100); }
  /* How sure the placement is and what it lacks: socialbiz_kit.render.placement_notes. */
  function placementNotes(result) {
    var out = [], thr = model.threshold;
    out.spoken = [];  // the notes read out with the result (not compared: JSON drops it), and
    out.deducted = false;  // whether the placement comes from a stage not met itself (the point deduction)
    var numbers = model.stages.map(function (s) { return s.number; });
    var decisive = null;
    if (model.rule === "stepped" && result.lacking) {  // placed by a stage not met, with its points deducted
      var metTop = numbers.filter(function (n) {
        var g = result["fulfilment_" + n];
        return g !== null && g >= thr - S.EPS;
      });
      if (result.stage > (model.baseline ? 1 : 0) && (!metTop.length || metTop[metTop.length - 1] < result.stage)) {
        numbers.forEach(function (n, k) {
          if (decisive === null && n > result.stage && result.lacking[k] !== null && n - result.lacking[k] === result.stage) {
            decisive = n;
            out.deducted = true;
            out.push(t("result.gap_stepped", {stage: result.stage, name: stageName(result.stage), higher: n,
              higher_name: stageName(n), higher_value: pctPoints(result["fulfilment_" + n]),
              threshold: pctPoints(thr)}, result.lacking[k]));
            out.spoken.push(out[out.length - 1]);
            if (!metTop.filter(function (m) { return m > (model.baseline ? numbers[0] : 0); }).length) {  // none met above the lowest
              var none = model.baseline ? t("result.stepped_none_met_baseline", {rule: t("common.rule_highest"),
                stage: numbers[0], name: stageName(numbers[0])}) : t("result.stepped_none_met", {rule: t("common.rule_highest")});
              out.push(result.lacking[k] >= 2 ? none + " " + t("result.stepped_alike") : none);
            }
          }
        });
      }
    }
    if (result.borderline) {  // after where the placement comes from: how sure it is
      out.push(result.couldBe >= 1 ? t(result.couldBe > result.stage ? "result.borderline_up" : "result.borderline",
        {stage: result.couldBe, name: stageName(result.couldBe)}, result.borderPoints)
        : t("result.borderline_none", {}, result.borderPoints));
      out.spoken.push(out[out.length - 1]);
    }
    var gaps = numbers.filter(function (n) {
      var g = result["fulfilment_" + n];
      return n < result.stage && g !== null && g < thr - S.EPS;
    });
    if (gaps.length) {
      var parts = gaps.map(function (n) {
        return t("result.gap_below_item", {stage: n, name: stageName(n), value: pctPoints(result["fulfilment_" + n])});
      });
      var listed = parts.length === 1 ? parts[0]
        : parts.slice(0, -1).join(", ") + " " + t("page.and") + " " + parts[parts.length - 1];
      out.push(t(decisive === null ? "result.gap_below" : "result.gap_below_stepped",
        {placed: result.stage, stages: listed, threshold: pctPoints(thr)}));
    }
    var following = numbers.filter(function (n) { return n > result.stage; });
    if (following.length) {
      var nxt = following[0], f = result["fulfilment_" + nxt];
      if (f !== null && f < thr - S.EPS && decisive === null) {
        var words = {stage: nxt, name: stageName(nxt), points: points(thr) - points(f), value: pctPoints(f),
                     threshold: pctPoints(thr)};
        var metAbove = following.slice(1).filter(function (n) {
          var g = result["fulfilment_" + n];
          return g !== null && g >= thr - S.EPS;
        });
        var unsupported = metAbove.filter(function (n) {
          var b = result["fulfilment_" + (n - 1)];
          return b === null || b < S.SUPPORT_SHARE * thr - S.EPS;
        });
        if (model.rule === "supported" && unsupported.length) {
          var top = unsupported[unsupported.length - 1], below = top - 1;
          var fb = result["fulfilment_" + below];
          out.push(t("result.gap_unsupported", {higher: top, higher_name: stageName(top),
            higher_value: pctPoints(result["fulfilment_" + top]), below: below, below_name: stageName(below),
            below_value: pctPoints(fb === null ? 0 : fb), support: pctPoints(S.SUPPORT_SHARE * thr)}));
        } else if (model.rule === "gated" && metAbove.length) {
          var higher = metAbove[metAbove.length - 1];
          words.higher = higher;
          words.higher_name = stageName(higher);
          words.higher_value = pctPoints(result["fulfilment_" + higher]);
          out.push(t("result.gap_blocked", words));
        } else if (model.rule === "stepped" && result.lacking) {  // in answer points, and a shorter way via a higher stage
          var direct = result.lacking[numbers.indexOf(nxt)], best = null;
          following.slice(1).forEach(function (n) {
            var lack = result.lacking[numbers.indexOf(n)];
            if (lack !== null && (best === null || lack - (n - nxt) < best.need)) { best = {need: lack - (n - nxt), via: n}; }
          });
          var note = t("result.gap_next_points", words, direct);
          if (best !== null && best.need < direct && result.borderline && result.couldBe > result.stage) {  // explains the Grenzfall
            note += " " + t("result.gap_next_via", {count: best.need, higher: best.via, stage: nxt, higher_name: stageName(best.via),
              higher_value: pctPoints(result["fulfilment_" + best.via])}, best.need);
          }
          out.push(note);
        } else {
          out.push(t("result.gap_next", words));
        }
      }
    }
    return out;
  }
  function fmtDate(iso, lg) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    if (!m) { return "–"; }
    var d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return new Intl.DateTimeFormat(locale(lg), (lg || lang) === "de" ? {day: "2-digit", month: "2-digit", year: "numeric"}
      : {day: "numeric", month: "short", year: "numeric"}).format(d);
  }
  /* An ISO date (2026-10-12) that is a real day, or null. */
  function isoDate(x) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof x === "string" ? x : "");
    if (!m) { return null; }
    var d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? x : null;
  }
  /* The change in one sentence: socialbiz_kit.change.Change.sentence, from the same words (change.*). */
  function changeSentence(c, date, lg) {
    var since = date ? t("change.since_date", {date: fmtDate(date, lg)}, undefined, lg)
      : t("change.since_last", {}, undefined, lg);
    var counts = {since: since, better: t("change.better", {}, c.better.length, lg),
      worse: t("change.worse", {}, c.worse.length, lg)};
    if (c.stageBefore && c.stageAfter) {
      counts.before = c.stageBefore; counts.after = c.stageAfter;
      return t("change.sentence", counts, undefined, lg);
    }
    /* stage 0 is "no stage reached", not a stage called 0 (as change.py) */
    var stage = function (n) { return n ? t("change.stage_n", {stage: n}, undefined, lg) : t("change.stage_none", {}, undefined, lg); };
    counts.before = stage(c.stageBefore); counts.after = stage(c.stageAfter);
    return t("change.sentence_open", counts, undefined, lg);
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function stageName(n) { return t("stage." + n + ".name"); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* ---------------------------------------------------------------- state and storage */
  function fresh() {
    var id = "sc-" + today().replace(/-/g, "") + "-" + Math.random().toString(36).slice(2, 8);
    // keyed by statement id: no prototype, so a model's statement "constructor" is a key like any other
    return {id: id, organisation: "", assessor: "", date: today(), answers: Object.create(null), dontKnow: Object.create(null),
      notes: Object.create(null)};
  }
  function hasContent(s) {
    return Boolean(s.organisation || s.assessor || Object.keys(s.answers).some(function (k) { return s.answers[k] !== null; })
      || Object.keys(s.dontKnow).length || Object.keys(s.notes).some(function (k) { return s.notes[k]; }));
  }
  function answered(s) {
    return ITEMS.filter(function (id) { return s.answers[id] !== undefined && s.answers[id] !== null; }).length;
  }
  function hhmm() {
    var d = new Date();
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }
  function isObject(x) { return Boolean(x) && typeof x === "object" && !Array.isArray(x); }
  /* A stored assessment as the page writes it, or null; whatever does not fit is left out and named in problems. */
  function clean(s, problems) {
    if (!isObject(s)) { problems.push("state"); return null; }
    var out = fresh(), scale = model.scale.map(function (p) { return p.value; });
    ["id", "organisation", "assessor", "date", "updated"].forEach(function (k) {
      if (own(s, k) && typeof s[k] === "string") { out[k] = s[k]; } else if (own(s, k)) { problems.push(k); }
    });
    ["answers", "dontKnow", "notes"].forEach(function (part) {
      var given = own(s, part) ? s[part] : {};
      if (!isObject(given)) { problems.push(part); return; }
      Object.keys(given).forEach(function (id) {
        var v = given[id];
        if (ITEMS.indexOf(id) >= 0 && (part === "answers" ? v === null || scale.indexOf(v) >= 0
          : part === "dontKnow" ? v === true : typeof v === "string")) { out[part][id] = v; } else { problems.push(part); }
      });
    });
    return out;
  }
  /* The stored comparison ({state, date, from, name, n, first}) or null; a broken one is named in problems. */
  function cleanComparison(c, problems) {
    if (c === null || c === undefined) { return null; }
    var s = clean(isObject(c) ? c.state : null, problems);
    if (!s) { return null; }
    var text = function (k) { return typeof c[k] === "string" ? c[k] : ""; };
    return {state: s, date: isoDate(c.date), from: c.from === "file" ? "file" : "history", name: text("name"),
      n: typeof c.n === "number" ? c.n : 1, first: text("first")};
  }
  /* The stored text read without ever throwing: {state, history, comparison, lang, problems}. */
  function parse(raw) {
    var problems = [], saved = null, history = [];
    try { saved = JSON.parse(raw); } catch (e) { problems.push("json"); }
    var ok = isObject(saved), list = ok && own(saved, "history") ? saved.history : [];
    if (!Array.isArray(list)) { problems.push("history"); list = []; }
    list.forEach(function (h) {
      var s = clean(isObject(h) ? h.state : null, problems);
      if (s) { history.push({archived: typeof h.archived === "string" ? h.archived : "", state: s, result: S.score(model, answersOf(s))}); }
    });
    return {state: clean(ok ? saved.current : null, problems), history: history, problems: problems,
      comparison: ok ? cleanComparison(saved.compare, problems) : null,
      lang: ok && (saved.lang === "de" || saved.lang === "en") ? saved.lang : null};
  }
  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(data.storageKey); } catch (e) { storageOK = false; }
    state = fresh();
    if (!raw) { older = findOlder(); return; }
    lastRaw = raw;
    var got = parse(raw);
    if (got.state) { state = got.state; }
    history = got.history;
    comparison = got.comparison;
    if (got.lang) { lang = got.lang; }
    if (got.problems.length) {
      // what could not be read stays: in a second key and as a download (#state-bad), never silently dropped
      badRaw = raw;
      try { window.localStorage.setItem(data.storageKey + ":unreadable", raw); } catch (e) { /* the download has it */ }
      $("state-bad").hidden = false;
    }
  }
  function save() {
    state.updated = new Date().toISOString();
    try {
      var raw = JSON.stringify({schema: 1, lang: lang, current: state, history: history, compare: comparison});
      window.localStorage.setItem(data.storageKey, raw);
      lastRaw = raw;
      storageOK = true;
      $("saved").textContent = t("page.saved", {time: hhmm()});
    } catch (e) {
      storageOK = false;
      $("saved").textContent = "";
    }
    $("storage-off").hidden = storageOK;
    if (LMS) { LMS.changed(state); }
  }
  /* The newest state saved under another version of this model (same storage prefix), or null. Never removed:
   * the earlier version's key stays as it was, whatever the learner decides here. */
  function findOlder() {
    var best = null;
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var key = window.localStorage.key(i), saved = null;
        if (!key || key === data.storageKey || key.indexOf(data.storagePrefix) !== 0 || /:unreadable$/.test(key)) { continue; }
        try { saved = JSON.parse(window.localStorage.getItem(key)); } catch (e) { continue; }
        if (!isObject(saved) || !isObject(saved.current)) { continue; }
        var updated = typeof saved.current.updated === "string" ? saved.current.updated : "";
        if (!best || updated > best.updated) {
          best = {key: key, version: key.slice(data.storagePrefix.length), saved: saved, updated: updated};
        }
      }
    } catch (e) { return null; }
    return best;
  }
  /* A state of an earlier version, carried over: the answers of statements unchanged since (data.carry, from the
   * model's changes), every note of a statement that still exists, the details; what changed stays open. */
  function carried(s, open) {
    var out = fresh(), scale = model.scale.map(function (p) { return p.value; });
    if (!isObject(s)) { return out; }
    ["id", "organisation", "assessor", "date", "updated"].forEach(function (k) { if (typeof s[k] === "string") { out[k] = s[k]; } });
    ITEMS.forEach(function (id) {
      var note = isObject(s.notes) && own(s.notes, id) ? s.notes[id] : "";
      if (typeof note === "string" && note) { out.notes[id] = note; }
      if (open.indexOf(id) >= 0) { return; }
      var v = isObject(s.answers) && own(s.answers, id) ? s.answers[id] : undefined;
      if (v === null || scale.indexOf(v) >= 0) { out.answers[id] = v; }
      if (isObject(s.dontKnow) && s.dontKnow[id] === true) { out.dontKnow[id] = true; }
    });
    return out;
  }
  function offerOlder() {
    if (!older || hasContent(state)) { return; }
    var open = own(data.carry, older.version) ? data.carry[older.version] : null;
    $("older-text").textContent = t(open ? "page.older_found" : "page.older_found_unknown",
      {version: older.version, date: fmtDate(older.updated.slice(0, 10)), n: open ? open.length : ITEMS.length},
      open ? open.length : ITEMS.length);
    $("older").hidden = false;
  }
  function takeOlder() {
    var open = own(data.carry, older.version) ? data.carry[older.version] : ITEMS.slice();
    var next = carried(older.saved.current, open), list = isObject(older.saved) && Array.isArray(older.saved.history) ? older.saved.history : [];
    var kept = ITEMS.filter(function (id) { return next.answers[id] !== undefined; }).length;
    history = list.filter(function (h) { return isObject(h) && isObject(h.state); }).map(function (h) {
      var s = carried(h.state, open);
      return {archived: typeof h.archived === "string" ? h.archived : "", state: s, result: S.score(model, answersOf(s))};
    });
    $("older").hidden = true;
    replaceState(next, t("page.older_taken", {version: older.version, kept: kept, open: open.length}, open.length));
  }
  /* Another tab saved (a storage event, or found before a change): its state is the newer one and wins here. */
  function adopt(raw) {
    var got = parse(raw);
    if (got.problems.length || !got.state) { return false; }
    lastRaw = raw;
    state = got.state;
    history = got.history;
    comparison = got.comparison;
    undoEntry = undoReopen = null;
    $("undo").hidden = true;
    fillForm();
    render();
    $("synced").textContent = t("page.synced", {time: hhmm()});
    return true;
  }
  function catchUp() {
    var raw = null;
    try { raw = window.localStorage.getItem(data.storageKey); } catch (e) { return false; }
    return Boolean(raw) && raw !== lastRaw && adopt(raw);
  }
  /* A file for the user: a hidden link, clicked once. */
  function offer(text, type, name) {
    var a = el("a", {href: URL.createObjectURL(new Blob([text], {type: type})), download: name, hidden: ""});
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function keepCopy() { offer(badRaw, "application/json", "selbstcheck_" + model.id + "_gespeichert_" + today() + ".json"); }

  /* ---------------------------------------------------------------- the form */
  function fillForm() {
    ["organisation", "assessor", "date"].forEach(function (k) { setValue($(k), state[k] || ""); });
    ITEMS.forEach(function (id) {
      var v = state.answers[id];
      var value = v === undefined || v === null ? (state.dontKnow[id] ? "" : null) : String(v);
      document.getElementsByName(id).forEach(function (r) { r.checked = value !== null && r.value === value; });
      var note = state.notes[id] || "";
      var box = $("note-" + id);
      setValue(box, note);
      if (note) { box.closest("details").open = true; }
      markNote(box);
    });
  }
  /* A closed note says whether it holds something (heard on its summary, not only seen when open). */
  function markNote(box) {
    var summary = box.closest("details").querySelector("summary");
    var key = box.value.trim() ? "page.note_summary_filled" : "page.note_summary";
    if (summary.dataset.i18n !== key) { summary.dataset.i18n = key; summary.textContent = t(key); }
  }
  function setValue(node, value) { if (node.value !== value) { node.value = value; } }
  function onChange(e) {
    var target = e.target;
    if (target.type === "radio") {
      var id = target.name, caught = catchUp();
      if (target.value === "") { state.answers[id] = null; state.dontKnow[id] = true; }
      else { state.answers[id] = Number(target.value); delete state.dontKnow[id]; }
      if (caught) { fillForm(); }
      save();
      render();
    }
  }
  function onInput(e) {
    var target = e.target, note = target.dataset.note;
    if (!note && ["organisation", "assessor", "date"].indexOf(target.id) < 0) { return; }  // a radio: onChange
    var caught = catchUp();
    if (!note) { state[target.id] = target.value; }
    else if (target.value) { state.notes[note] = target.value; } else { delete state.notes[note]; }
    if (note) { markNote(target); }
    if (caught) { fillForm(); }
    save();
    renderPrint();
  }

  /* ---------------------------------------------------------------- the result */
  function answersOf(s) {
    var out = {};
    ITEMS.forEach(function (id) { var v = s.answers[id]; out[id] = v === undefined ? null : v; });
    return out;
  }
  function currentAnswers() { return answersOf(state); }
  function answerLabel(v, id) {
    if (v === null || v === undefined) { return id && state.dontKnow[id] ? t("page.dont_know") : t("page.roadmap_unanswered"); }
    return t("scale." + v);
  }
  function listStages(numbers) {
    if (numbers.length < 2) { return numbers.join(""); }
    return numbers.slice(0, -1).join(", ") + " " + t("page.and") + " " + numbers[numbers.length - 1];
  }
  function render() {
    var answers = currentAnswers();
    var done = answered(state);
    var result = S.score(model, answers);
    var plan = S.roadmap(model, answers, {result: result});
    var top = model.stages[model.stages.length - 1].number;
    // "weiß nicht" is no answer for the scoring, but the statement has been dealt with: the progress says so
    var unsure = ITEMS.filter(function (id) { var v = state.answers[id]; return state.dontKnow[id] && (v === null || v === undefined); }).length;
    $("progress").textContent = t("page.progress", {done: done + unsure, total: ITEMS.length})
      + (unsure ? t("page.progress_unsure", {}, unsure) : "");
    var summary = $("summary");
    summary.textContent = "";
    var announce = "";
    if (done === 0) {
      summary.appendChild(el("p", {}, t("page.result_empty")));
    } else {
      var notes = placementNotes(result);
      var first = result.stage < 1 ? t("page.result_none")  // a placement by point deduction says so in its first line
        : t(notes.deducted ? "page.result_stage_deducted" : "page.result_stage", {number: result.stage, name: stageName(result.stage)});
      summary.appendChild(el("p", {"class": "summary__stage", "data-stage": String(result.stage)}, first));
      announce = first;
      notes.forEach(function (note) {
        summary.appendChild(el("p", {"class": "summary__placement"}, note));
        if (notes.spoken.indexOf(note) >= 0) { announce += " " + note; }
      });
      if (result.stage >= top) {
        summary.appendChild(el("p", {}, t("page.result_top")));
      } else if (plan.entries.length) {
        var next = t("page.result_next", {number: plan.entries[0].stage, first: t("item." + plan.entries[0].item)});
        summary.appendChild(el("p", {}, next));
      }
      var unknown = model.stages.filter(function (s) { return result["fulfilment_" + s.number] === null; })
        .map(function (s) { return s.number; });
      if (result.uncertain) {
        var u = t("page.result_uncertain", {stages: listStages(unknown)}, unknown.length);
        summary.appendChild(el("p", {}, u));
      }
      summary.appendChild(el("p", {}, result.index === null ? t("page.index_unknown")
        : t("page.index", {value: num(result.index), max: num(model.stages.length, 0)})));
    }
    renderBars(result, done);
    renderRoadmap(result, plan, done);
    renderCompare();
    renderPrevious();
    renderPrint();
    $("status-result").textContent = t("page.to_result");
    scheduleAnnounce(announce);
  }
  function isMet(f) { return f !== null && f >= model.threshold - S.EPS; }
  /* A bar's value in words: the share, and whether the stage is met (never colour alone). */
  function barText(n, f) {
    var baseline = model.baseline && n === model.stages[0].number;  // no statements: every organisation starts here
    return baseline ? t("page.bar_baseline") : f === null ? t("page.bar_unknown")
      : pct(f) + " · " + t(isMet(f) ? "page.bar_met" : "page.bar_unmet");
  }
  function track(f, extra) {
    var box = el("span", {"class": "bars__track", "aria-hidden": "true"});
    var fill = el("span", {"class": "bars__fill " + extra});
    var mark = el("span", {"class": "bars__mark"});
    fill.style.width = (f === null ? 0 : f * 100) + "%";
    mark.style.left = (model.threshold * 100) + "%";
    box.appendChild(fill);
    box.appendChild(mark);
    return box;
  }
  function renderBars(result, done) {
    document.querySelectorAll("#bars .bars__row").forEach(function (row) {
      var n = Number(row.dataset.stage);
      var f = result["fulfilment_" + n];
      row.querySelector(".bars__label").textContent = t("page.stage_h", {number: n, name: stageName(n)});
      row.querySelector(".bars__fill").style.width = (done && f !== null ? f * 100 : 0) + "%";
      row.querySelector(".bars__mark").style.left = (model.threshold * 100) + "%";
      row.classList.toggle("bars__row--met", Boolean(done) && isMet(f));
      row.querySelector(".bars__value").textContent = done ? barText(n, f) : "–";
    });
  }
  /* An answer of an assessment in words: the scale's label, "weiß nicht" or no answer. */
  function answerIn(s, id) {
    var v = s.answers[id];
    return v === null || v === undefined ? t(s.dontKnow[id] ? "page.dont_know" : "change.no_answer") : t("scale." + v);
  }
  function entryName(s) {
    return t("page.entry_name", {organisation: s.organisation || t("page.no_org"),
      date: isoDate(s.date) ? fmtDate(s.date) : t("page.no_date")});
  }
  /* Then and now: the earlier assessment beside the current one (the rule: score.js change). */
  function renderCompare() {
    $("compare").hidden = !comparison;
    if (!comparison) { return; }
    var then = comparison.state, c = S.change(model, answersOf(then), currentAnswers());
    $("compare-sentence").textContent = changeSentence(c, comparison.date);
    $("compare-source").textContent = comparison.from === "file"
      ? t("page.compare_from_file", {entry: entryName(then), name: comparison.name})
        + (comparison.n > 1 ? " " + t("page.compare_first", {n: comparison.n, first: comparison.first}) : "")
      : t("page.compare_from_history", {entry: entryName(then)});
    var stage = stagePhrase;
    var body = $("compare-body");
    body.textContent = "";
    // two columns, then and now, each cell saying what it is: side by side even at 320 px
    [[stage(c.stageBefore), stage(c.stageAfter)],
      [t("page.cmp_index", {value: num(c.indexBefore)}), t("page.cmp_index", {value: num(c.indexAfter)})]].forEach(function (cells) {
      var tr = el("tr");
      tr.appendChild(el("td", {}, cells[0]));
      tr.appendChild(el("td", {}, cells[1]));
      body.appendChild(tr);
    });
    var bars = $("compare-bars");
    bars.textContent = "";
    model.stages.forEach(function (s, k) {
      var li = el("li", {"class": "cbars__row", "data-stage": String(s.number)});
      li.appendChild(el("span", {"class": "cbars__label"}, t("page.stage_h", {number: s.number, name: stageName(s.number)})));
      [["change.before", c.fulfilmentBefore[k], "then"], ["change.after", c.fulfilmentAfter[k], "now"]].forEach(function (b) {
        li.appendChild(el("span", {"class": "cbars__which"}, t(b[0])));
        li.appendChild(track(b[1], "cbars__fill--" + b[2] + (isMet(b[1]) ? " cbars__fill--met" : "")));
        li.appendChild(el("span", {"class": "cbars__value", "data-value": b[2]}, barText(s.number, b[1])));
      });
      bars.appendChild(li);
    });
    var list = $("compare-changed");
    list.textContent = "";
    [["up", c.better], ["down", c.worse], ["other", c.notComparable]].forEach(function (group) {
      group[1].forEach(function (id) {
        var li = el("li", {"class": "changes__item changes__item--" + group[0], "data-item": id});
        li.appendChild(el("span", {"class": "changes__dir"}, t("change." + group[0])));
        li.appendChild(el("span", {"class": "changes__statement"}, t("item." + id)));
        li.appendChild(el("span", {"class": "changes__answers"}, t("change.answers",
          {before: answerIn(then, id), after: answerIn(state, id)})));
        list.appendChild(li);
      });
    });
    list.hidden = !list.children.length;
    $("compare-none").hidden = Boolean(list.children.length);
    $("compare-other-note").hidden = !c.notComparable.length;
  }
  function recList(ids) {
    var list = el("ul", {"class": "roadmap__recs"});
    ids.forEach(function (id) {
      var r = RECS[id];
      var li = el("li", {"data-rec": id}, t("rec." + id));
      li.appendChild(el("span", {"class": "roadmap__meta"}, r.effort && r.effect
        ? t("roadmap.rec_meta", {origin: t("rec." + id + ".origin"), effort: r.effort, effect: r.effect})
        : t("rec." + id + ".origin")));
      list.appendChild(li);
    });
    return list;
  }
  function renderRoadmap(result, plan, done) {
    var box = $("roadmap");
    box.textContent = "";
    if (!done) { box.appendChild(el("p", {}, t("page.roadmap_empty"))); return; }
    if (plan.upkeep.length) {
      box.appendChild(el("p", {}, t("roadmap.upkeep_intro")));
      box.appendChild(recList(plan.upkeep));
    } else if (!plan.entries.length) {
      box.appendChild(el("p", {}, t("page.roadmap_none")));
    } else {
      box.appendChild(el("p", {}, t("page.roadmap_intro", {number: plan.target, name: stageName(plan.target)})));
      var list = el("ol", {"class": "roadmap"});
      plan.entries.forEach(function (e) {
        var li = el("li", {"data-item": e.item});
        var head = el("span", {"class": "roadmap__statement"});
        head.appendChild(el("span", {"class": "roadmap__open"}, t("page.roadmap_open") + " "));
        head.appendChild(document.createTextNode(t("item." + e.item)));
        li.appendChild(head);
        li.appendChild(el("span", {"class": "roadmap__meta"}, t("page.roadmap_answer",
          {number: e.stage, answer: answerLabel(e.answer, e.item), priority: num(e.priority)})));
        if (e.recommendations.length) {
          li.appendChild(el("span", {"class": "roadmap__todo"}, t("page.roadmap_todo", {}, e.recommendations.length)));
          li.appendChild(recList(e.recommendations));
        }
        list.appendChild(li);
      });
      box.appendChild(list);
    }
  }
  /* a stage as the result names it: 'Stufe 2 „Präsenz“' or 'keine Stufe' (never "Stufe 0") */
  function stagePhrase(n) { return n >= 1 ? t("page.cmp_stage", {number: n, name: stageName(n)}) : t("page.cmp_no_stage"); }
  function renderPrevious() {
    var box = $("previous");
    box.textContent = "";
    box.hidden = history.length === 0;
    if (!history.length) { return; }
    var last = history[history.length - 1];
    box.appendChild(el("h3", {id: "history-h"}, t("page.history_h")));
    box.appendChild(el("p", {}, t("page.previous", {date: fmtDate(last.state.date), stage: stagePhrase(last.result.stage),
      index: num(last.result.index)})));
    box.appendChild(el("p", {"class": "hint screen-only"}, t("page.history_hint")));
    var list = el("ul", {"class": "history", "aria-labelledby": "history-h"});
    history.slice().reverse().forEach(function (h) {
      var text = t("page.history_item", {date: fmtDate(h.state.date), organisation: h.state.organisation || t("page.no_org"),
        stage: stagePhrase(h.result.stage), index: num(h.result.index)});
      var li = el("li", {"class": "history__item"});
      li.appendChild(el("span", {"class": "history__text"}, text));
      var row = el("span", {"class": "history__actions screen-only"});
      row.appendChild(entryButton("page.open", text, function (b) { reopen(h, b); }));
      row.appendChild(entryButton("page.compare", text, function () { compareWith(h); }));
      li.appendChild(row);
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  /* A button of one history entry: a short visible word, the entry in its accessible name. */
  function entryButton(key, entry, onClick) {
    var b = el("button", {type: "button", "class": "button button--secondary button--small",
      "aria-label": t(key + "_named", {entry: entry})}, t(key));
    b.addEventListener("click", function () { onClick(b); });
    return b;
  }
  function renderPrint() {
    $("print-meta").textContent = [plain(state.organisation) || t("page.no_org"), plain(state.assessor),
      t("page.as_of", {date: fmtDate(state.date)})].filter(Boolean).join(" · ");
    var body = $("answers-body");
    body.textContent = "";
    ITEMS.forEach(function (id) {
      var tr = el("tr");
      tr.appendChild(el("td", {}, t("item." + id)));
      tr.appendChild(el("td", {}, String(stageOf[id])));
      tr.appendChild(el("td", {}, state.dontKnow[id] ? t("page.dont_know") : answerLabel(state.answers[id])));
      tr.appendChild(el("td", {}, state.notes[id] || ""));
      body.appendChild(tr);
    });
  }
  function scheduleAnnounce(text) {
    if (announceTimer) { clearTimeout(announceTimer); }
    if (!text) { $("announce").textContent = ""; lastAnnounced = ""; return; }  // a fresh form says nothing
    announceTimer = setTimeout(function () {
      if (text !== lastAnnounced) { $("announce").textContent = text; lastAnnounced = text; }
    }, 800);
  }

  /* ---------------------------------------------------------------- language */
  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      var fmt = {};
      if (node.dataset.i18nModel) { fmt.model = t("model.short_name"); }
      if (node.dataset.i18nStage) { fmt.number = node.dataset.i18nStage; fmt.name = stageName(node.dataset.i18nStage); }
      if (node.dataset.i18nMax) { fmt.max = node.dataset.i18nMax; }
      node.textContent = t(node.dataset.i18n, fmt);
      if (node.dataset.i18nLang) { node.setAttribute("lang", t(node.dataset.i18nLang)); }
    });
    Object.keys(fileErrors).forEach(showFileError);
    $("bars-note").textContent = t("result.threshold_line", {threshold: pct(model.threshold)});
    var rule = $("rule-text");
    rule.textContent = "";
    var pairs = model.scale.map(function (p) { return t("scale." + p.value) + " = " + pct(p.fulfilment); }).join("; ");
    [t("page.rule_threshold", {percent: pct(model.threshold), threshold: num(model.threshold)}),
      t("page.rule_" + model.rule, {support: pct(S.SUPPORT_SHARE * model.threshold)}), t("page.rule_index"), t("page.rule_scale", {pairs: pairs})]
      .concat(model.baseline ? [t("page.rule_baseline", {name: stageName(1)})] : [])
      .forEach(function (s) { rule.appendChild(el("p", {}, s)); });
    $("footer-text").textContent = t("page.footer", {version: data.kitVersion, model: t("model.short_name"),
      model_version: model.version});
  }

  /* ---------------------------------------------------------------- banner, confirm, new, undo */
  /* The message after a change of the whole form, with undo: after ``near`` when given (the field that caused it, so
   * that keyboard and screen-reader users stay where they were), null for its place above the form, omitted to leave
   * it where it is. */
  function banner(text, withUndo, near) {
    var box = $("banner");
    if (near) { near.after(box); } else if (near === null) { bannerHome.insertBefore(box, bannerNext); }
    $("banner-text").textContent = text;
    $("undo").hidden = !withUndo;
    $("banner").hidden = false;
    $("banner").focus();
  }
  /* The question, next to what asked it: after ``near`` when given, else in its place among the actions. */
  function ask(text, yes, action, from, near) {
    var box = $("confirm");
    if (near) { near.after(box); } else { confirmHome.insertBefore(box, confirmNext); }
    $("confirm-text").textContent = text;
    $("confirm-yes").textContent = yes;
    confirmAction = action;
    confirmReturn = from;
    $("confirm").hidden = false;
    $("confirm-text").focus();
  }
  function closeConfirm(back) {
    $("confirm").hidden = true;
    confirmAction = null;
    if (back && confirmReturn) { (document.body.contains(confirmReturn) ? confirmReturn : $("result")).focus(); }
  }
  function archive() {
    if (!hasContent(state)) { return null; }
    var entry = {archived: new Date().toISOString(), state: state, result: S.score(model, currentAnswers())};
    history.push(entry);
    return entry;
  }
  function replaceState(next, message, near) {
    catchUp();
    undoReopen = null;
    undoEntry = archive();
    state = next;
    fillForm();
    save();
    render();
    banner(message, true, near || null);
  }
  function undo() {
    catchUp();
    if (!undoEntry && !undoReopen) { $("undo").hidden = true; return; }  // nothing to undo: never a fresh, empty form
    if (undoEntry && history[history.length - 1] === undoEntry) { history.pop(); }
    if (undoReopen) {
      // the opened assessment goes back into the history where it was, with whatever was changed in it since
      var back = {archived: undoReopen.entry.archived, state: state, result: S.score(model, currentAnswers())};
      history.splice(undoReopen.at < 0 ? history.length : Math.min(undoReopen.at, history.length), 0, back);
    }
    state = undoEntry ? undoEntry.state : fresh();
    undoEntry = undoReopen = null;
    fillForm();
    save();
    render();
    banner(t("page.undone"), false);
  }

  /* "Öffnen": a history entry becomes the current assessment again; the current one goes into the history
   * (after a question when it holds anything), and undo puts both back. */
  function reopen(entry, from) {
    var name = entryName(entry.state);
    var apply = function () {
      catchUp();
      var at = -1;
      history.forEach(function (h, k) { if (h.archived === entry.archived && h.state.id === entry.state.id) { at = k; } });
      if (at >= 0) { history.splice(at, 1); }
      var kept = hasContent(state);
      undoEntry = archive();
      undoReopen = {entry: entry, at: at};
      state = JSON.parse(JSON.stringify(entry.state));  // a copy: undo puts the entry back as it was opened
      fillForm();
      save();
      render();
      banner(t(kept ? "page.opened_kept" : "page.opened", {entry: name}), true, null);
    };
    if (hasContent(state)) { ask(t("page.open_confirm", {entry: name}), t("page.open_yes"), apply, from, $("previous")); }
    else { apply(); }
  }
  /* "Vergleichen": the result shows the change since an earlier assessment; nothing the user entered changes. */
  function setComparison(c) {
    catchUp();
    comparison = c;
    save();
    render();
    if (c) {  // to its start: a long comparison already "in view" would not be scrolled to by focus alone
      $("compare").focus({preventScroll: true});
      $("compare").scrollIntoView();
    }
  }
  function compareWith(entry) {
    setComparison({state: JSON.parse(JSON.stringify(entry.state)), date: isoDate(entry.state.date), from: "history",
      name: "", n: 1, first: ""});
  }

  /* ---------------------------------------------------------------- CSV */
  function safeCell(value) {
    var s = value === null || value === undefined ? "" : String(value);
    if (FORMULA.test(s)) { s = "'" + s; }
    return /[",;\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function unsafeCell(s) {
    return s.length > 1 && s[0] === "'" && FORMULA.test(s.slice(1)) ? s.slice(1) : s;
  }
  function isAnswered(v) { return v !== null && v !== undefined; }
  function toCSV() {
    // dont_know: the ids answered "weiß nicht", space-separated (responses._dont_know)
    var header = ["assessment"].concat(META.slice(0, 5), "dont_know", ITEMS, ITEMS.map(function (id) { return "note:" + id; }));
    var row = [state.id, state.organisation.trim(), state.assessor.trim(), state.date, model.id, model.version,
      ITEMS.filter(function (id) { return state.dontKnow[id] && !isAnswered(state.answers[id]); }).join(" ")]
      .concat(ITEMS.map(function (id) { var v = state.answers[id]; return v === undefined || v === null ? "" : String(v); }))
      .concat(ITEMS.map(function (id) { return (state.notes[id] || "").trim(); }));
    return "\ufeff" + [header, row].map(function (r) { return r.map(safeCell).join(","); }).join("\r\n") + "\r\n";
  }
  /* An organisation's name in a file name: ä -> ae, ö -> oe, ü -> ue, ß -> ss, é -> e, anything else a dash. */
  function fileSlug(name) {
    var DE = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"};
    return name.toLowerCase().replace(/[äöüß]/g, function (c) { return DE[c]; }).normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }
  function download() {
    offer(toCSV(), "text/csv;charset=utf-8", ["selbstcheck", model.id, fileSlug(state.organisation || ""), state.date]
      .filter(Boolean).join("_") + ".csv");
  }
  function decode(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] === 0xff && bytes[1] === 0xfe) { return new TextDecoder("utf-16le").decode(bytes.subarray(2)); }
    if (bytes[0] === 0xfe && bytes[1] === 0xff) { return new TextDecoder("utf-16be").decode(bytes.subarray(2)); }
    var zeros = 0;
    for (var i = 1; i < Math.min(bytes.length, 200); i += 2) { if (bytes[i] === 0) { zeros += 1; } }
    if (bytes.length > 3 && zeros > Math.min(bytes.length, 200) / 4) { return new TextDecoder("utf-16le").decode(bytes); }
    try { return new TextDecoder("utf-8", {fatal: true}).decode(bytes).replace(/^\ufeff/, ""); }
    catch (e) { return new TextDecoder("windows-1252").decode(bytes); }
  }
  function parseCSV(text) {
    var firstLine = text.split(/\r?\n/)[0];
    var sep = (firstLine.match(/;/g) || []).length > (firstLine.match(/,/g) || []).length ? ";" : ",";
    var rows = [], row = [], field = "", quoted = false;
    for (var i = 0; i < text.length; i += 1) {
      var c = text[i];
      if (quoted) {
        if (c === '"') { if (text[i + 1] === '"') { field += '"'; i += 1; } else { quoted = false; } }
        else { field += c; }
      } else if (c === '"') { quoted = true; }
      else if (c === sep) { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i += 1; }
        row.push(field); rows.push(row); row = []; field = "";
      } else { field += c; }
    }
    if (field !== "" || row.length) { row.push(field); rows.push(row); }
    return rows.filter(function (r) { return r.some(function (x) { return x.trim(); }); });
  }
  function UploadError(key, fmt) { this.key = key; this.fmt = fmt; this.message = t(key, fmt); }
  /* an unknown column (where: "wide", "long") or statement ("item"), with the name it most likely means (near.js) */
  var NEAR = window.SocialbizNear.choices(ITEMS, model.stages, {
    de: model.stages.map(function (s) { return data.texts.de["stage." + s.number + ".name"]; }),
    en: model.stages.map(function (s) { return data.texts.en["stage." + s.number + ".name"]; })}, META);
  function unknownColumn(name, where, fail) {
    var near = window.SocialbizNear.nearest(name, NEAR[where]);
    fail(near ? "page.err_unknown_col_near" : "page.err_unknown_col", {column: name, near: near});
  }
  function readAnswers(text, name) {
    var rows = parseCSV(text);
    var fail = function (key, fmt) { fmt = fmt || {}; fmt.name = name; throw new UploadError(key, fmt); };
    if (!rows.length) { fail("page.err_empty"); }
    var header = rows[0].map(function (h) { return h.trim(); });
    if (header.indexOf("assessment") < 0) {  // with the column most likely meant (near.js), as the package says
      var meant = window.SocialbizNear.nearId(header, ITEMS, NEAR.long);
      fail(meant === null ? "page.err_not_table" : "page.err_no_id_near", {column: meant, near: "assessment"});
    }
    var isLong = header.indexOf("item") >= 0 && header.indexOf("answer") >= 0;
    // long but for the name of "item" or "answer" ("itme", "Aussage"): _answer_table.Reporter.layout
    var off = isLong ? null : window.SocialbizNear.nearLong(header, ITEMS, NEAR.long);
    if (off) { fail("page.err_long_col_near", {column: off[0], near: off[1]}); }
    var allowed = model.scale.map(function (p) { return p.value; });
    var known = ["assessment"].concat(META, isLong ? ["item", "answer"] : ITEMS, isLong ? []
      : ITEMS.map(function (id) { return "note:" + id; }));
    header.forEach(function (h) { if (known.indexOf(h) < 0) { unknownColumn(h, isLong ? "long" : "wide", fail); } });
    if (!isLong && !header.some(function (h) { return ITEMS.indexOf(h) >= 0; })) { fail("page.err_no_items"); }
    // ids, items and answers trimmed; texts kept as written (a cell of spaces is empty), as the kit reads them
    var text = function (r, key) { var k = header.indexOf(key), v = k < 0 ? "" : r[k] || ""; return v.trim() ? v : ""; };
    var col = function (r, key) { return text(r, key).trim(); };
    var value = function (raw, row, column) {
      if (raw === "") { return null; }
      var x = NUMBER.test(raw.replace(/,/g, ".")) ? Number(raw.replace(/,/g, ".")) : NaN;
      if (!(allowed.indexOf(x) >= 0)) { fail("page.err_off_scale", {row: row, column: column, value: raw, allowed: allowed.join(", ")}); }
      return x;
    };
    var ids = [], byId = Object.create(null), dates = Object.create(null), versions = Object.create(null);
    rows.slice(1).forEach(function (r, k) {
      var rowNo = k + 2, id = col(r, "assessment");
      var unsure = col(r, "dont_know").split(/[\s;,]+/).filter(function (item) {
        if (item && ITEMS.indexOf(item) < 0) { fail("page.err_dont_know", {row: rowNo, column: "dont_know", value: item}); }
        return item;
      });
      var other = col(r, "model");
      if (other && other !== model.id) { fail("page.err_other_model", {other: other}); }
      // answered under an earlier version (responses._answer_versions): statements changed since stay open
      var version = col(r, "model_version");
      if (version && version !== model.version && !own(data.carry, version)) {
        fail("page.err_version", {version: version, current: model.version});
      }
      if (!byId[id]) {
        ids.push(id);
        versions[id] = version && version !== model.version ? version : null;
        dates[id] = isoDate(col(r, "date").slice(0, 10));
        byId[id] = {id: id || fresh().id, organisation: unsafeCell(text(r, "organisation")), assessor: unsafeCell(text(r, "assessor")),
          date: /^\d{4}-\d{2}-\d{2}/.test(col(r, "date")) ? col(r, "date").slice(0, 10) : today(),
          answers: Object.create(null), dontKnow: Object.create(null), notes: Object.create(null)};
      }
      var s = byId[id];
      unsure.forEach(function (item) { s.dontKnow[item] = true; });  // the long layout: every row's, as the package
      if (isLong) {
        var item = col(r, "item");
        if (ITEMS.indexOf(item) < 0) { unknownColumn(item, "item", fail); }
        s.answers[item] = value(col(r, "answer"), rowNo, "answer");
      } else {
        ITEMS.forEach(function (item) {
          if (header.indexOf(item) >= 0) { s.answers[item] = value(col(r, item), rowNo, item); }
          var note = unsafeCell(text(r, "note:" + item));
          if (note) { s.notes[item] = note; }
        });
      }
    });
    if (!ids.length) { fail("page.err_no_items"); }
    var older = versions[ids[0]] ? {version: versions[ids[0]], n: data.carry[versions[ids[0]]].length} : null;
    var got = byId[ids[0]];
    if (older) { data.carry[older.version].forEach(function (item) { got.answers[item] = null; delete got.dontKnow[item]; }); }
    Object.keys(got.dontKnow).forEach(function (item) { if (isAnswered(got.answers[item])) { delete got.dontKnow[item]; } });
    return {state: got, n: ids.length, first: got.organisation || ids[0], date: dates[ids[0]],
            older: older};
  }
  var fileErrors = {};  // the error shown at each file field: {key, fmt}
  /* Show or clear (key null) the error of a file field ("upload" or "compare-upload"); its key and words are kept,
   * so that a language switch shows it in the other language. */
  function uploadError(key, fmt, id) {
    id = id || "upload";
    if (key) { fileErrors[id] = {key: key, fmt: fmt || {}}; } else { delete fileErrors[id]; }
    showFileError(id);
    $(id + "-error").setAttribute("role", key ? "alert" : "none");
  }
  function showFileError(id) {
    var box = $(id + "-error"), shown = fileErrors[id];
    box.textContent = "";
    if (shown) {
      box.appendChild(el("span", {"class": "visually-hidden"}, t("page.error_prefix") + " "));
      box.appendChild(document.createTextNode(t(shown.key, shown.fmt)));
    }
    box.hidden = !shown;
    $(id + "-field").classList.toggle("field--error", Boolean(shown));
    [$(id), $(id + "-pick")].forEach(function (node) {
      node.setAttribute("aria-describedby", shown ? id + "-hint " + id + "-error" : id + "-hint");
    });
  }
  function size(n) { var mb = n / 1e6; return num(mb, Number.isInteger(mb) ? 0 : mb < 0.1 ? 2 : 1) + "\u00a0MB"; }
  /* The first assessment of the answer file chosen in the field ``id``, handed to done(got, file); a file that
   * cannot be read is named in the field's error, and nothing else changes. */
  function readUpload(id, done) {
    var input = $(id), file = input.files && input.files[0];
    if (!file) { return; }
    uploadError(null, null, id);
    if (file.size > data.maxUpload) {
      uploadError("page.err_too_big", {name: file.name, size: size(file.size), max: size(data.maxUpload)}, id);
      input.value = "";
      return;
    }
    file.arrayBuffer().then(function (buffer) {
      var got;
      try {
        if (!buffer.byteLength) { throw new UploadError("page.err_empty", {name: file.name}); }
        got = readAnswers(decode(buffer), file.name);
      } catch (e) {
        if (e instanceof UploadError) { uploadError(e.key, e.fmt, id); } else { uploadError("page.err_unreadable", {name: file.name}, id); }
        input.value = "";
        return;
      }
      done(got, file);
    }, function () { uploadError("page.err_unreadable", {name: file.name}, id); input.value = ""; });
  }
  function onCompareUpload() {
    readUpload("compare-upload", function (got, file) {
      $("compare-upload").value = "";
      setComparison({state: Object.assign(fresh(), got.state), date: got.date, from: "file", name: file.name,
        n: got.n, first: got.first});
    });
  }
  function onUpload() {
    var input = $("upload");
    readUpload("upload", function (got, file) {
      input.value = "";  // read: choosing the same file again after "Abbrechen" loads it again
      var message = t("page.loaded", {name: file.name}) + (got.n > 1 ? " " + t("page.loaded_first", {n: got.n, first: got.first}) : "")
        + (got.older ? " " + t("page.loaded_older", {version: got.older.version}, got.older.n) : "");
      var apply = function () { replaceState(Object.assign(fresh(), got.state), message, $("upload-field")); };
      if (hasContent(state)) { ask(t("page.replace_confirm", {name: file.name}), t("page.replace_yes"), apply, $("upload-pick")); }
      else { apply(); }
    });
  }

  /* ---------------------------------------------------------------- start */
  var confirmHome = $("confirm").parentNode, confirmNext = $("confirm").nextSibling;
  var bannerHome = $("banner").parentNode, bannerNext = $("banner").nextSibling;
  load();
  applyLang();
  if (LMS) { LMS.start(state); }
  fillForm();
  render();
  offerOlder();
  if (state.updated && !badRaw) { save(); } else { try { window.localStorage.getItem(data.storageKey); } catch (e) { storageOK = false; } }
  $("storage-off").hidden = storageOK;
  $("form").addEventListener("change", onChange);
  $("form").addEventListener("input", onInput);
  $("form").addEventListener("submit", function (e) { e.preventDefault(); });
  $("switch-lang").addEventListener("click", function () {
    catchUp();
    lang = lang === "de" ? "en" : "de";
    applyLang();
    render();
    save();
  });
  $("download").addEventListener("click", download);
  $("state-copy").addEventListener("click", keepCopy);
  $("older-take").addEventListener("click", takeOlder);
  $("older-skip").addEventListener("click", function () { $("older").hidden = true; $("organisation").focus(); });
  window.addEventListener("storage", function (e) {
    if (e.key === data.storageKey && e.newValue && e.newValue !== lastRaw) { adopt(e.newValue); }
  });
  $("print").addEventListener("click", function () { window.print(); });
  window.SocialbizFields.filePicker("upload");
  window.SocialbizFields.filePicker("compare-upload");
  $("upload").addEventListener("change", onUpload);
  $("compare-upload").addEventListener("change", onCompareUpload);
  $("compare-end").addEventListener("click", function () { setComparison(null); $("result").focus(); });
  $("new").addEventListener("click", function () {
    ask(t("page.new_confirm"), t("page.new_yes"), function () { replaceState(fresh(), t("page.new_done")); }, $("new"));
  });
  $("confirm-yes").addEventListener("click", function () { var act = confirmAction; closeConfirm(false); if (act) { act(); } });
  $("confirm-no").addEventListener("click", function () { closeConfirm(true); });
  $("confirm").addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { ev.preventDefault(); closeConfirm(true); }
  });
  $("undo").addEventListener("click", undo);
  window.addEventListener("beforeprint", function () { renderPrint(); $("rule").open = true; });

  window.socialbizSelfcheck = {
    score: function (answers, options) { return S.score(model, answers, options); },
    roadmap: function (answers, options) { return S.roadmap(model, answers, options); },
    placementNotes: function (answers) { return placementNotes(S.score(model, answers)); },
    compare: function (previous, current, date, lg) {
      var c = S.change(model, previous, current);
      c.sentence = changeSentence(c, date, lg);
      return c;
    },
    answers: currentAnswers,
    near: NEAR,
    read: function (text) { try { return readAnswers(text, "x.csv").state; } catch (e) { return {error: e.message}; } },
    model: model
  };
  document.documentElement.setAttribute("data-ready", "true");
  window.__readyAt = performance.now();  // read by make bench: navigation start to an interactive form
}());
