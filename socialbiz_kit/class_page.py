"""The seminar page: a class's self-check files evaluated in the lecturer's browser.

``socialbiz class-page MODEL --out seminar.html`` (or :func:`write_class_page`) writes one self-contained,
accessible HTML file (markup, CSS, JavaScript and the model's words inline, no request to anywhere: its
Content-Security-Policy forbids it). The lecturer opens it and drops in the class's downloads: several CSV
files, a folder, or the zip that Moodle or ILIAS makes of all submissions. The page reads them as
:func:`socialbiz_kit.classroom.read_class` does (rater names from the paths or the ``assessor`` column, the
kit's answer files (CSV or XLSX) in the long or wide layout; the zip's central directory read by hand, deflate by the
browser's ``DecompressionStream``) and shows per case organisation what
:func:`~socialbiz_kit.classroom.stage_distribution`, :func:`~socialbiz_kit.classroom.case_agreement` and
:func:`~socialbiz_kit.classroom.disagreements` compute, and the class's Krippendorff's alpha of the stages
(:func:`~socialbiz_kit.classroom.stage_agreement`, ordinal). Files it cannot read are named with the reason; a
case one student assessed twice counts with the later assessment, whole, and the one set aside is named under
"Hinweise" (as ``read_class``'s ``set_aside``).
Stages come from ``static/score.js``, the self-check page's scorer (one rule). Workbooks (XLSX) are read as
:mod:`socialbiz_kit._xlsx` reads them: the first sheet, formulas refused; a number-formatted date cell stays a number.

The page's JavaScript API (used by the parity tests)
-----------------------------------------------------
``window.socialbizClass.compute(rows)``
    ``rows`` is ``[{rater, organisation, answers: [value or null per item in model order]}]``; returns
    ``{alpha, pairable, raters, assessments, cases: [{organisation, n, counts, modalShare, median, raters,
    alpha, pairable, spread: [{item, n, mean, sd, low, high}]}]}`` (``null`` where Python has NaN).
``window.socialbizClass.result()``
    What was last read and shown: ``{read: {rows, problems, files}, result}``.

>>> html = class_page_html("altimeter")
>>> html.startswith("<!DOCTYPE html>") and "connect-src" not in html and "DecompressionStream" in html
True
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import __version__
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD, check_settings
from ._pagebits import changed_items, check_home, compact, csp_hash, json_for_script, model_words, static_text, template_env
from .models import Model, item_labels, list_models, load_model
from .page import page_model

__all__ = ["class_page_html", "write_class_page"]


def _texts(model: Model, lang: str) -> dict[str, Any]:
    """The words the page shows: the ``class_page`` section of ``data/ui.yaml``, the reader's messages
    (``answers``, ``classroom``) and the model's stage names, scale labels and statements."""
    from . import ui

    out: dict[str, Any] = {}
    for section in ("class_page", "answers", "classroom"):
        out.update({f"{section}.{k}": v for k, v in ui.words(section, lang=lang).items()})
    out["common.no_stage"] = ui.text("common.no_stage", lang=lang)
    out.update(model_words(model, lang))
    return out


def class_page_html(model: Model | str, *, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE, lang: str = "de",
                    home: str | None = None) -> str:
    """The seminar page of ``model`` as one HTML text.

    Parameters
    ----------
    model : Model or str
        A bundled model's id or a model file of your own.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs (as in the self-check).
    rule : {"gated", "highest", "closest", "supported", "stepped"}, default "stepped"
        The stage rule (:data:`~socialbiz_kit.scoring.DEFAULT_RULE`).
    lang : {"de", "en"}, default "de"
        The page's language.
    home : str, optional
        A relative link to the start page of the site the page belongs to.

    Returns
    -------
    str
        A complete HTML document that needs no other file and makes no network request.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules; if ``lang`` is not
        ``"de"`` or ``"en"``; or if ``home`` is not a relative link.
    """
    from . import ui
    from ._lang import check_lang
    from ._unpack import MAX_CLASS_BYTES, MAX_MEMBERS, MAX_RATIO
    from .responses import MAX_UPLOAD_BYTES

    model = load_model(model)
    check_settings(threshold, rule)
    check_lang(lang)
    check_home(home)
    texts = _texts(model, lang)
    data = {
        "model": page_model(model, threshold=threshold, rule=rule),
        "texts": texts,
        "itemIds": list(model.item_ids),
        "itemLabels": item_labels(model, lang=lang),
        # the stage names in both languages: the statements' short labels an unknown column may mean (near.js)
        "stageNames": {lg: [s.name.get(lg) for s in model.stages] for lg in ("de", "en")},
        # the statements changed since each earlier version (responses._answer_versions reads files the same way)
        "carry": changed_items(model),
        "otherModels": {m.id: list(m.item_ids) for m in map(load_model, list_models()) if m.id != model.id},
        "limits": {"upload": MAX_UPLOAD_BYTES, "members": MAX_MEMBERS, "ratio": MAX_RATIO,
                   "classBytes": MAX_CLASS_BYTES},
    }
    script = "\n".join(compact(static_text(name)) for name in ("score.js", "fields.js", "near.js", "class.js"))
    style = static_text("page.css") + "\n" + static_text("class.css")

    def text(key: str, **fmt: Any) -> str:
        value = texts[f"class_page.{key}"]
        return value.format(**fmt) if fmt else value

    return template_env().get_template("class_page.html.j2").render(
        model=model, lang=lang, t=text, rule=rule, threshold_text=ui.number(threshold, lang=lang),
        kit_version=__version__, style=style, script=script, data_json=json_for_script(data), home=home,
        home_text=ui.text("page.home", lang=lang),
        csp=f"default-src 'none'; style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
            "img-src data:; form-action 'none'; base-uri 'none'",
    )


def write_class_page(model: Model | str, path: str | Path | None = None, *, overwrite: bool = False,
                     threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE, lang: str = "de",
                     home: str | None = None) -> Path:
    """Write the seminar page of ``model`` (atomic; an existing file only with ``overwrite=True``).

    Parameters
    ----------
    model : Model or str
        A bundled model's id or a model file of your own.
    path : str or Path, optional
        Where to write; default ``seminar_<model id>.html`` in the working folder.
    overwrite : bool, default False
        Replace an existing file.
    threshold, rule, lang, home
        As for :func:`class_page_html`.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules; if ``lang`` is not
        ``"de"`` or ``"en"``; or if ``home`` is not a relative link.
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    from ._io import atomic_write

    model = load_model(model)
    text = class_page_html(model, threshold=threshold, rule=rule, lang=lang, home=home)
    target = Path(path) if path is not None else Path(f"seminar_{model.id}.html")
    return atomic_write(target, lambda fh: fh.write(text), overwrite=overwrite, hint="use --force to replace it",
                        option="overwrite=True / --force")
