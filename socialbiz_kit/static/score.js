/* socialbiz-kit: the self-check's scoring and roadmap rules in the browser.
 *
 * Plain ES2017, no dependencies. It follows socialbiz_kit.scoring.score (the Python reference)
 * addition by addition, so that the page shows the package's numbers; a parity test in the kit's
 * test suite runs thousands of seeded random answer sets through both and allows no difference.
 *
 * model: {baseline: bool, minAnswered: 0.5, threshold, rule, affine: [offset, slope] or null,
 *         scale: [{value, fulfilment}], stages: [{number, items: [item id, ...]}],
 *         recommendations: [{id, stage, items: [item id, ...], effect, effort}] in model order}
 * answers: {item id: value on the scale, or null / absent = not answered}
 */
(function (root) {
  "use strict";

  // socialbiz_kit._checks.EPS, BORDER_MARGIN and SUPPORT_SHARE (tests/test_page.py keeps them equal)
  var EPS = 1e-9;
  var BORDER_MARGIN = 0.05;
  var SUPPORT_SHARE = 0.5;

  function scaleMap(model) {
    var map = {};
    model.scale.forEach(function (p) { map[p.value] = p.fulfilment; });
    return map;
  }

  function answerOf(answers, id) {
    var v = answers && Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : null;  // own: a statement "constructor"
    return v === undefined || v === null || v === "" ? null : Number(v);
  }

  /* Fulfilment per stage (NaN = unknown), in stage order; counts (if given) receives the answers per stage. */
  function stageFulfilment(model, answers, counts) {
    var fmap = scaleMap(model);
    return model.stages.map(function (stage, k) {
      if (counts) { counts[k] = 0; }
      if (stage.items.length === 0) {
        return k === 0 && model.baseline ? 1.0 : NaN;
      }
      // the same additions in the same order as the package: item by item in model order, of the answers
      // themselves on an affine scale (then mapped: offset + slope x mean answer), else of the fulfilments
      var sum = 0.0, count = 0;
      stage.items.forEach(function (id) {
        var v = answerOf(answers, id);
        if (v !== null) {
          if (!(v in fmap)) { throw new RangeError("answer " + v + " to " + id + " is not on the scale"); }
          sum += model.affine ? v : fmap[v];
          count += 1;
        }
      });
      if (counts) { counts[k] = count; }
      var share = count / stage.items.length;
      if (!(share >= model.minAnswered)) { return NaN; }
      var mean = sum / count;
      return model.affine ? model.affine[0] + model.affine[1] * mean : mean;
    });
  }

  /* The largest change of an item's fulfilment when its answer moves by one scale point (one answer point). */
  function stepSize(model) {
    var values = model.scale.map(function (p) { return p.value; }).sort(function (a, b) { return a - b; });
    var fmap = scaleMap(model), step = 0.0;
    for (var i = 1; i < values.length; i += 1) {
      step = Math.max(step, Math.abs(fmap[values[i]] - fmap[values[i - 1]]));
    }
    return step;
  }

  /* The answer points each stage lacks to the threshold (0 where met, null where unknown or without items):
   * ceil((threshold - fulfilment) x answered / step), socialbiz_kit._core.lacking_points. */
  function lacking(model, fulfil, counts, threshold) {
    var step = stepSize(model);
    return model.stages.map(function (s, k) {
      if (s.items.length === 0 || isNaN(fulfil[k]) || !(counts[k] > 0)) { return null; }
      var gap = threshold - fulfil[k];
      return gap > EPS ? Math.ceil(gap * counts[k] / step - 1e-6) : 0;
    });
  }

  /* The stage for fulfilments in stage order (NaN = unknown) under a rule, and whether an unknown stage
   * could change it: socialbiz_kit._core._decide_t. The stepped rule also needs the answers per stage. */
  function decide(model, fulfil, threshold, rule, counts) {
    var n = fulfil.length;
    var floor = model.baseline ? 1 : 0;
    var known = fulfil.map(function (f) { return !isNaN(f); });
    var met = fulfil.map(function (f, k) { return known[k] && f >= threshold - EPS; });
    var stage = floor, uncertain = false, k;
    if (rule === "stepped") {
      // every known stage counts as its number less the answer points it lacks; the highest such value
      var lack = lacking(model, fulfil, counts || model.stages.map(function (s) { return s.items.length; }), threshold);
      var best = -Infinity;
      for (k = 0; k < n; k += 1) {
        if (lack[k] !== null && model.stages[k].number - lack[k] > best) { best = model.stages[k].number - lack[k]; }
      }
      stage = Math.max(best, floor);
      for (k = 0; k < n; k += 1) {
        if (model.stages[k].items.length > 0 && !known[k] && model.stages[k].number > stage) { uncertain = true; }
      }
    } else if (rule === "gated") {
      var run = 0;
      while (run < n && met[run]) { run += 1; }
      stage = run > 0 ? model.stages[run - 1].number : floor;
      uncertain = run < n && !known[Math.min(run, n - 1)];
    } else if (rule === "highest") {
      var last = -1;
      for (k = 0; k < n; k += 1) { if (met[k]) { last = k; } }
      stage = last >= 0 ? model.stages[last].number : floor;
      for (k = last + 1; k < n; k += 1) { if (!known[k]) { uncertain = true; } }
    } else if (rule === "supported") {
      var supported = function (fs) {
        var at = floor;
        for (var j = 0; j < n; j += 1) {
          if (fs[j] >= threshold - EPS && (j === 0 || fs[j - 1] >= SUPPORT_SHARE * threshold - EPS)) {
            at = model.stages[j].number;
          }
        }
        return at;
      };
      stage = supported(fulfil.map(function (f) { return isNaN(f) ? 0.0 : f; }));
      if (known.indexOf(false) >= 0) {
        uncertain = supported(fulfil.map(function (f) { return isNaN(f) ? 1.0 : f; })) !== stage;
      }
    } else if (rule === "closest") {
      var closest = function (fs) {
        var best = 0.0, running = 0.0, at = floor;
        for (var j = 0; j < n; j += 1) {
          running = running + (fs[j] - threshold);
          if (running >= best - EPS) { at = model.stages[j].number; }
          if (running > best) { best = running; }
        }
        return at;
      };
      stage = closest(fulfil.map(function (f) { return isNaN(f) ? 0.0 : f; }));
      if (known.indexOf(false) >= 0) {
        uncertain = closest(fulfil.map(function (f) { return isNaN(f) ? 1.0 : f; })) !== stage;
      }
    } else {
      throw new RangeError("rule must be gated, highest, closest, supported or stepped");
    }
    return {stage: Math.max(stage, floor), uncertain: uncertain};
  }

  /* Borderline: moving one stage's fulfilment by max(BORDER_MARGIN, step / answered), clipped to 0..1,
   * gives another stage; couldBe is the furthest such stage (the lower on a tie); points the fewest whole answer
   * points of a move that gives it, at most ceil(BORDER_MARGIN x answered / step): socialbiz_kit._border. */
  function borderline(model, fulfil, counts, stage, threshold, rule) {
    var step = stepSize(model);
    var could = stage, dist = 0, moves = [], points = null;
    function movedStage(k, delta) {
      var moved = fulfil.slice();
      moved[k] = Math.min(1.0, Math.max(0.0, fulfil[k] + delta));
      return decide(model, moved, threshold, rule, counts).stage;
    }
    model.stages.forEach(function (s, k) {
      if (s.items.length === 0 || isNaN(fulfil[k])) { return; }
      var shift = Math.max(BORDER_MARGIN, step / counts[k]);
      [-1.0, 1.0].forEach(function (sign) {
        var other = movedStage(k, sign * shift);
        var d = Math.abs(other - stage);
        moves.push([k, sign, other]);
        if (d > dist || (d === dist && d > 0 && other < could)) { could = other; dist = d; }
      });
    });
    moves.forEach(function (m) {
      if (dist === 0 || m[2] !== could) { return; }
      var unit = step / counts[m[0]], need = Math.max(1, Math.ceil(BORDER_MARGIN * counts[m[0]] / step - 1e-6));
      for (var p = need - 1; p >= 1; p -= 1) {
        if (movedStage(m[0], m[1] * p * unit) === could) { need = p; }
      }
      if (points === null || need < points) { points = need; }
    });
    return {borderline: dist > 0, couldBe: dist > 0 ? could : null, points: points};
  }

  /* score(model, answers, {threshold, rule}) -> the numbers of one row of socialbiz_kit.scoring.score. */
  function score(model, answers, options) {
    options = options || {};
    var threshold = options.threshold === undefined ? model.threshold : options.threshold;
    var rule = options.rule || model.rule;
    var counts = [];
    var fulfil = stageFulfilment(model, answers, counts);
    var decided = decide(model, fulfil, threshold, rule, counts);
    var stage = decided.stage, uncertain = decided.uncertain;
    var border = borderline(model, fulfil, counts, stage, threshold, rule);
    var index = 0.0;
    fulfil.forEach(function (f) { index += f; });  // NaN when a stage is unknown, as in Python
    var out = {
      stage: stage,
      index: isNaN(index) ? null : index,
      uncertain: uncertain,
      borderline: border.borderline,
      couldBe: border.couldBe,
      borderPoints: border.points,  // the column border_points
      lacking: lacking(model, fulfil, counts, threshold)  // answer points per stage in stage order, for the notes
    };
    model.stages.forEach(function (s, j) {
      out["fulfilment_" + s.number] = isNaN(fulfil[j]) ? null : fulfil[j];
    });
    return out;
  }

  /* The roadmap ("Fahrplan"), as socialbiz_kit.roadmap.plan with its default weights:
   * target = the stage after the one reached (capped at the top); candidates = the unmet items (below the
   * threshold, or unanswered) of every stage up to the target; gap = threshold - fulfilment (unanswered:
   * threshold). Each recommendation that addresses an item scores effect x gap / effort (a missing effect or
   * effort counts 1); the item's recommendations are listed best first (ties in model order) and the best one
   * gives its priority. Order: lowest stage first, then priority, highest first, ties in model order. On the
   * top stage with nothing open: the top stage's recommendations for keeping it up ("upkeep"). */
  function roadmap(model, answers, options) {
    options = options || {};
    var threshold = options.threshold === undefined ? model.threshold : options.threshold;
    var result = options.result || score(model, answers, options);
    var top = model.stages[model.stages.length - 1].number;
    var target = Math.min(result.stage + 1, top);
    var fmap = scaleMap(model);
    var recs = model.recommendations || [];
    var entries = [], position = 0;
    model.stages.forEach(function (stage) {
      stage.items.forEach(function (id) {
        position += 1;
        if (stage.number > target) { return; }
        var v = answerOf(answers, id);
        var f = v === null ? null : fmap[v];
        if (f !== null && f >= threshold - EPS) { return; }
        var gap = f === null ? threshold : threshold - f;
        var ranked = [];
        recs.forEach(function (r, k) {
          if (r.items.indexOf(id) >= 0) {
            ranked.push({id: r.id, k: k, value: (r.effect || 1) * gap / (r.effort || 1)});
          }
        });
        ranked.sort(function (a, b) { return b.value - a.value || a.k - b.k; });
        entries.push({item: id, stage: stage.number, answer: v, gap: gap,
                      priority: ranked.length ? ranked[0].value : 1 * gap / 1,
                      recommendations: ranked.map(function (r) { return r.id; }), position: position});
      });
    });
    entries.sort(function (a, b) {
      return a.stage - b.stage || b.priority - a.priority || a.position - b.position;
    });
    var upkeep = [];
    if (result.stage === top && entries.length === 0) {
      upkeep = recs.filter(function (r) { return r.stage === top && r.items.length === 0; })
        .map(function (r) { return r.id; });
    }
    return {stage: result.stage, target: target, entries: entries, upkeep: upkeep};
  }

  /* Then and now, as socialbiz_kit.change.compare_assessments: both assessments scored with the same threshold
   * and rule; a statement is better when its answer rose, worse when it fell; answered in only one of the two
   * (null = not answered or "weiß nicht") it is not comparable; every list in model order. */
  function change(model, previous, current, options) {
    var before = score(model, previous, options), after = score(model, current, options);
    var out = {stageBefore: before.stage, stageAfter: after.stage, indexBefore: before.index,
               indexAfter: after.index, fulfilmentBefore: [], fulfilmentAfter: [], better: [], worse: [],
               notComparable: []};
    model.stages.forEach(function (s) {
      out.fulfilmentBefore.push(before["fulfilment_" + s.number]);
      out.fulfilmentAfter.push(after["fulfilment_" + s.number]);
      s.items.forEach(function (id) {
        var a = answerOf(previous, id), b = answerOf(current, id);
        if (a === null || b === null) {
          if (a !== null || b !== null) { out.notComparable.push(id); }
        } else if (b > a) {
          out.better.push(id);
        } else if (b < a) {
          out.worse.push(id);
        }
      });
    });
    return out;
  }

  var api = {score: score, roadmap: roadmap, change: change, stageFulfilment: stageFulfilment,
             EPS: EPS, SUPPORT_SHARE: SUPPORT_SHARE};
  if (typeof module === "object" && module.exports) { module.exports = api; }
  root.SocialbizScore = api;
}(typeof window !== "undefined" ? window : this));
