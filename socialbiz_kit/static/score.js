/* socialbiz-kit: the self-check's scoring and roadmap rules in the browser.
 *
 * Plain ES2017, no dependencies. It follows socialbiz_kit.scoring.score (the Python reference)
 * addition by addition, so that the page shows the package's numbers; a parity test in the kit's
 * test suite runs thousands of seeded random answer sets through both and allows no difference.
 *
 * model: {baseline: bool, minAnswered: 0.5, threshold, rule, affine: [offset, slope] or null,
 *         scale: [{value, fulfilment}], stages: [{number, items: [item id, ...]}],
 *         items: {id: {stage, effect, effort}}}
 * answers: {item id: value on the scale, or null / absent = not answered}
 */
(function (root) {
  "use strict";

  var EPS = 1e-9;

  function scaleMap(model) {
    var map = {};
    model.scale.forEach(function (p) { map[p.value] = p.fulfilment; });
    return map;
  }

  function answerOf(answers, id) {
    var v = answers ? answers[id] : null;
    return v === undefined || v === null || v === "" ? null : Number(v);
  }

  /* Fulfilment per stage (NaN = unknown), in stage order. */
  function stageFulfilment(model, answers) {
    var fmap = scaleMap(model);
    return model.stages.map(function (stage, k) {
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
      var share = count / stage.items.length;
      if (!(share >= model.minAnswered)) { return NaN; }
      var mean = sum / count;
      return model.affine ? model.affine[0] + model.affine[1] * mean : mean;
    });
  }

  /* score(model, answers, {threshold, rule}) -> the numbers of one row of socialbiz_kit.scoring.score. */
  function score(model, answers, options) {
    options = options || {};
    var threshold = options.threshold === undefined ? model.threshold : options.threshold;
    var rule = options.rule || model.rule;
    var fulfil = stageFulfilment(model, answers);
    var n = fulfil.length;
    var floor = model.baseline ? 1 : 0;
    var known = fulfil.map(function (f) { return !isNaN(f); });
    var met = fulfil.map(function (f, k) { return known[k] && f >= threshold - EPS; });
    var stage = floor, uncertain = false, k;
    if (rule === "gated") {
      var run = 0;
      while (run < n && met[run]) { run += 1; }
      stage = run > 0 ? model.stages[run - 1].number : floor;
      uncertain = run < n && !known[Math.min(run, n - 1)];
    } else if (rule === "highest") {
      var last = -1;
      for (k = 0; k < n; k += 1) { if (met[k]) { last = k; } }
      stage = last >= 0 ? model.stages[last].number : floor;
      for (k = last + 1; k < n; k += 1) { if (!known[k]) { uncertain = true; } }
    } else {
      throw new RangeError("rule must be gated or highest");
    }
    var index = 0.0;
    fulfil.forEach(function (f) { index += f; });  // NaN when a stage is unknown, as in Python
    var out = {
      stage: Math.max(stage, floor),
      index: isNaN(index) ? null : index,
      uncertain: uncertain
    };
    model.stages.forEach(function (s, j) {
      out["fulfilment_" + s.number] = isNaN(fulfil[j]) ? null : fulfil[j];
    });
    return out;
  }

  /* The roadmap ("Fahrplan"): the unmet items of every stage up to the one after the stage reached.
   * Lowest stage first; within a stage by priority = effect x gap / effort (gap = threshold - the
   * item's fulfilment; an unanswered item has gap = threshold), ties in model order. */
  function roadmap(model, answers, options) {
    options = options || {};
    var threshold = options.threshold === undefined ? model.threshold : options.threshold;
    var result = options.result || score(model, answers, options);
    var top = model.stages[model.stages.length - 1].number;
    var target = Math.min(result.stage + 1, top);
    var fmap = scaleMap(model);
    var entries = [], position = 0;
    model.stages.forEach(function (stage) {
      stage.items.forEach(function (id) {
        position += 1;
        if (stage.number > target) { return; }
        var v = answerOf(answers, id);
        var f = v === null ? null : fmap[v];
        if (f !== null && f >= threshold - EPS) { return; }
        var info = (model.items && model.items[id]) || {};
        var effect = info.effect === undefined ? 1 : info.effect;
        var effort = info.effort === undefined ? 1 : info.effort;
        var gap = f === null ? threshold : threshold - f;
        entries.push({item: id, stage: stage.number, answer: v, gap: gap,
                      priority: effect * gap / effort, position: position});
      });
    });
    entries.sort(function (a, b) {
      return a.stage - b.stage || b.priority - a.priority || a.position - b.position;
    });
    return {target: target, entries: entries};
  }

  var api = {score: score, roadmap: roadmap, stageFulfilment: stageFulfilment};
  if (typeof module === "object" && module.exports) { module.exports = api; }
  root.SocialbizScore = api;
}(typeof window !== "undefined" ? window : this));
