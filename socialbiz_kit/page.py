"""The stand-alone self-check: one self-contained, accessible HTML file per model.

``socialbiz page MODEL --out selbstcheck.html`` (or :func:`write_page`) writes one file with the markup, the
CSS, the JavaScript and the model's data inline, rendered from the Jinja2 templates in
``socialbiz_kit/templates`` with every word from ``data/ui.yaml`` and the model. The page makes no
request to anywhere (its Content-Security-Policy forbids it), so it works from ``file://``, a USB stick,
an LMS file resource or any static web server. German first, with a language switch that keeps the
answers; every change is kept in the browser's ``localStorage`` under a key with the model's id and
version.

The numbers are the package's: ``socialbiz_kit/static/score.js`` follows :func:`socialbiz_kit.scoring.score`
addition by addition, and a parity test in Chromium checks it on thousands of random answer sets.

The page's JavaScript API
-------------------------
``window.socialbizSelfcheck.score(answers)``
    ``answers`` is ``{item_id: value or null}``; returns ``{stage, index, uncertain, fulfilment_1, ...}``,
    the numbers of one row of :func:`~socialbiz_kit.scoring.score` (``null`` where Python has NaN).
``window.socialbizSelfcheck.roadmap(answers)``
    ``{stage, target, entries: [{item, stage, answer, gap, priority, recommendations: [id, ...]}, ...],
    upkeep: [id, ...]}``: the roadmap of :func:`socialbiz_kit.roadmap.plan` (default weights), step by step in
    its order, each step's recommendations best first; ``upkeep`` on the top stage with nothing open.
``window.socialbizSelfcheck.answers()``
    The answers currently in the form.
``window.socialbizSelfcheck.compare(previous, current, date, lang)``
    Two answer sets (as for ``score``) compared as :func:`socialbiz_kit.change.compare_assessments` does:
    ``{stageBefore, stageAfter, indexBefore, indexAfter, fulfilmentBefore: [...], fulfilmentAfter: [...],
    better: [id, ...], worse: [...], notComparable: [...], sentence}``; ``date`` (ISO, or null) is the earlier
    assessment's, ``lang`` the sentence's language (default: the page's).
``window.socialbizSelfcheck.read(text)``
    The first assessment of an answer file's text as an upload would load it (``{answers, notes, organisation,
    ...}``), or ``{error: message}``: the rules of :func:`socialbiz_kit.responses.read_responses`.

Its CSV download is the kit's own answer format, read unchanged by
:func:`socialbiz_kit.responses.read_responses` and ``socialbiz score``.

>>> html = page_html("cotc")
>>> html.startswith("<!DOCTYPE html>") and '<html lang="de"' in html
True
>>> "http://" in html.split("<script")[0] or "https://" in html.split("<script")[0]
False
"""
from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD, MIN_ANSWERED, RULES, check_settings
from ._core import derived
from ._lang import LANGS, check_lang
from ._pagebits import (
    changed_items,
    check_home,
    compact,
    csp_hash,
    json_for_script,
    model_words,
    scorm_settings,
    static_text,
    template_env,
)
from .models import Model, citation, list_models, load_model, origin_text

__all__ = ["page_html", "write_page", "page_model", "build_pages", "serve", "MAX_UPLOAD"]

MAX_UPLOAD = 1_000_000  # bytes: the largest CSV the page accepts (a class's whole file is a few KB)


def storage_key(model: Model | str) -> str:
    """The ``localStorage`` key of a model's page: id and version (every ``file://`` page shares one origin)."""
    model = load_model(model)
    return f"socialbiz-selfcheck:{model.id}:{model.version}"


def page_model(model: Model | str, *, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE) -> dict[str, Any]:
    """The numbers part of the page's data: what ``score.js`` needs to score and to rank the roadmap.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('stepped')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.

    Returns
    -------
    dict
        Items, scale, stages, settings and recommendations, as ``score.js`` reads them.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules.
    """
    model = load_model(model)
    check_settings(threshold, rule)
    return {
        "id": model.id,
        "version": model.version,
        "baseline": model.baseline_stage,
        "minAnswered": MIN_ANSWERED,
        "threshold": threshold,
        "rule": rule,
        "scale": [{"value": p.value, "fulfilment": p.fulfilment} for p in model.scale],
        # (offset, slope) when the fulfilment is exactly offset + slope x answer: score then takes the mean answer
        # first and maps it (see socialbiz_kit._core), and so does the page, for the same last digit
        "affine": _affine(model),
        "stages": [{"number": s.number, "id": s.id, "items": [i.id for i in s.items]} for s in model.stages],
        # what roadmap.plan ranks with: every recommendation, in model order, with the items it addresses
        "recommendations": [{"id": r.id, "stage": r.stage, "items": list(r.items), "effect": r.effect,
                             "effort": r.effort} for r in model.recommendations],
    }


def _affine(model: Model) -> list[float] | None:
    affine = derived(model).affine
    return None if affine is None else [affine[0], affine[1]]


def _texts(model: Model, lang: str) -> dict[str, str]:
    """Every word the page shows in one language: the ``page`` section of ``data/ui.yaml`` and the model's texts."""
    from . import ui

    out: dict[str, Any] = {f"page.{k}": v for k, v in ui.words("page", lang=lang).items()}
    out.update({f"roadmap.{k}": ui.text(f"roadmap.{k}", lang=lang) for k in ("rec_meta", "upkeep_intro")})
    # then and now: the words of socialbiz_kit.change (its sentence, built by page.js from the same keys)
    out.update({f"change.{k}": v for k, v in ui.words("change", lang=lang).items()})
    # the placement notes: the same words as socialbiz_kit.render.placement_notes
    out.update({f"result.{k}": ui.text(f"result.{k}", lang=lang)
                for k in ("gap_blocked", "gap_unsupported", "gap_next",
                          "gap_below", "gap_below_item", "gap_below_stepped", "stepped_none_met", "stepped_none_met_baseline",
                          "stepped_alike", "threshold_line")})
    out["common.rule_highest"] = ui.text("common.rule_highest", lang=lang)  # named in stepped_none_met
    for k in ("borderline", "borderline_up", "borderline_none", "gap_stepped", "gap_next_points",
              "gap_next_via"):  # one/other, chosen by page.js
        out[f"result.{k}"] = ui.words("result", lang=lang)[k]
    out["model.name"] = model.name.get(lang)
    out["model.short_name"] = model.short_name.get(lang)
    out.update(model_words(model, lang))
    for s in model.stages:
        out[f"stage.{s.number}.tagline"] = s.tagline.get(lang)
    for r in model.recommendations:
        out[f"rec.{r.id}"] = r.text.get(lang)
        out[f"rec.{r.id}.origin"] = origin_text(r, lang=lang)
    return out


def page_html(model: Model | str, *, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE, lang: str = "de",
              home: str | None = None, scorm: str | None = None) -> str:
    """The self-check page of ``model`` as one HTML text (first shown in ``lang``).

    Parameters
    ----------
    model : Model or str
        A bundled model's id or a model file of your own.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
    rule : {"gated", "highest", "closest", "supported", "stepped"}, default "stepped" (:data:`~socialbiz_kit.scoring.DEFAULT_RULE`)
    lang : {"de", "en"}, default "de"
        The language the page opens in; the reader can switch at any time.
    home : str, optional
        A relative link to the start page of the site the page is part of (the course site passes
        ``"../index.html"``); the header then links to it. Without it the page stands alone.
    scorm : {"none", "index", "stage"}, optional
        The page of a SCORM 1.2 package (:mod:`socialbiz_kit.scorm`), sending this score: it also carries
        ``static/scorm.js``, which talks to an LMS when it finds one. Without it (the default) the page has none
        of that code.

    Returns
    -------
    str
        A complete HTML document that needs no other file and makes no network request.

    Raises
    ------
    ModelFileError
        The model file is broken.
    ValueError
        ``threshold`` or ``rule`` is out of range, or ``home`` is not a relative link.
    """
    from . import ui

    model = load_model(model)
    check_settings(threshold, rule)
    check_lang(lang)
    check_home(home)
    data, script = _page_data(model, threshold, rule, lang, scorm)
    style = static_text("page.css")
    t = data["texts"][lang]

    def text(key: str, **fmt: Any) -> str:
        value = t[key]
        return value.format(**fmt) if fmt else value

    html = template_env().get_template("page.html.j2").render(
        model=model, lang=lang, t=text, threshold=threshold, rule=rule, rules=RULES,
        threshold_text=ui.number(threshold, lang=lang, decimals=2), percent_text=ui.percent(threshold, lang=lang),
        scale_pairs="; ".join(f"{p.label.get(lang)} = {ui.percent(p.fulfilment, lang=lang)}" for p in model.scale),
        citations=citation(model, lang="de", addresses=False), kit_version=__version__, style=style, script=script,
        data_json=json_for_script(data), max_upload=_size(MAX_UPLOAD, lang),
        csp=f"default-src 'none'; style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
            "img-src data:; form-action 'none'; base-uri 'none'",
        n_items=len(model.items), home=home, scorm=scorm is not None,
    )
    head, sep, tail = html.partition('<script type="application/json"')
    return re.sub(r"\n[ \t]+<", "\n<", head) + sep + tail  # no indentation in the markup (no <pre>, empty <textarea>s)



def _page_data(model: Model, threshold: float, rule: str, lang: str, scorm: str | None) -> tuple[dict[str, Any], str]:
    """The page's data island (model, words in both languages, settings) and its script (with SCORM's, if asked)."""
    from . import ui

    texts = {lg: _texts(model, lg) for lg in LANGS}
    data: dict[str, Any] = {
        "model": page_model(model, threshold=threshold, rule=rule),
        "texts": texts,
        "lang": lang,
        "storageKey": storage_key(model),
        "storagePrefix": storage_key(model).rsplit(":", 1)[0] + ":",
        # answers saved under an earlier version: which statements stay open (Model.changed_since)
        # a version no chain of changes leads from is left out: the page then carries no answer over, only notes
        "carry": changed_items(model),
        "maxUpload": MAX_UPLOAD,
        "kitVersion": __version__,
        "itemIds": list(model.item_ids),
    }
    scripts = ["score.js", "fields.js", "near.js", "page.js"]
    if scorm is not None:
        data["scorm"] = scorm_settings(model, scorm)
        for lg in LANGS:
            texts[lg].update({f"scorm.{k}": v for k, v in ui.words("scorm", lang=lg).items()})
        scripts.insert(1, "scorm.js")
    return data, "\n".join(compact(static_text(name)) for name in scripts)


def _size(n: int, lang: str) -> str:
    from . import ui

    return f"{ui.number(n / 1_000_000, lang=lang, decimals=0 if n % 1_000_000 == 0 else 1)}\u00a0MB"


def write_page(model: Model | str, path: str | Path | None = None, *, overwrite: bool = False,
               threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE, lang: str = "de", home: str | None = None) -> Path:
    """Write the self-check page of ``model`` (atomic; an existing file only with ``overwrite=True``).

    ``path`` defaults to ``selbstcheck_<model id>.html`` in the working folder. Returns the path written.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    path : str or Path, optional
        The file; ``selbstcheck_<model id>.html`` by default.
    overwrite : bool, default False
        Replace an existing file; without it an existing file is never touched. A link, folder or device is never
        written.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('stepped')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    home : str, optional
        A relative link back to a start page (``../index.html``).

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules; if ``lang`` is not
        ``"de"`` or ``"en"``; if ``home`` is not a relative link; if the model has more statements than a
        SCORM package takes; or if the model's id and version are too long for a SCORM package.
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    from ._io import atomic_write

    model = load_model(model)
    text = page_html(model, threshold=threshold, rule=rule, lang=lang, home=home)
    target = Path(path) if path is not None else Path(f"selbstcheck_{model.id}.html")
    return atomic_write(target, lambda fh: fh.write(text), overwrite=overwrite, hint="use --force to replace it",
                        option="overwrite=True / --force")


def build_pages(folder: str | Path, models: Sequence[Model | str] | None = None, *, lang: str = "de") -> list[Path]:
    """One page per model (default: every bundled model) and an ``index.html`` linking them, in ``folder``.

    Parameters
    ----------
    folder : str or Path
        Where the pages go.
    models : sequence of Model or str, optional
        The models; every bundled one by default.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    list of Path
        The pages written, ``index.html`` last.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; if the model has more statements than a SCORM package takes;
        or if the model's id and version are too long for a SCORM package.
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    from . import ui

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    chosen = [load_model(m) for m in (models or list_models())]
    written = [write_page(m, folder / f"selbstcheck_{m.id}.html", overwrite=True, lang=lang) for m in chosen]
    entries = [{"href": p.name, "name": m.name.get(lang),
                "detail": ui.text("page.index_items", lang=lang, count=len(m.items), stages=m.n_stages)}
               for m, p in zip(chosen, written)]
    index = template_env().get_template("index.html.j2").render(
        lang=lang, title=ui.text("page.index_title", lang=lang), intro=ui.text("page.index_intro", lang=lang), entries=entries,
        style=static_text("page.css"), csp=f"default-src 'none'; style-src {csp_hash(static_text('page.css'))}")
    written.append(folder / "index.html")
    (folder / "index.html").write_text(index, encoding="utf-8")
    return written


def serve(folder: str | Path, *, host: str = "127.0.0.1", port: int = 8866) -> None:  # pragma: no cover - blocks
    """Serve ``folder`` with Python's plain static file server until Ctrl+C.

    Parameters
    ----------
    folder : str or Path
        The folder to serve.
    host : str, default "127.0.0.1"
        The address to listen on.
    port : int, default 8866
        The port.
    """
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer((host, port), handler) as server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
