"""The self-check as a SCORM 1.2 package for Moodle, ILIAS and any LMS that runs SCORM 1.2.

``socialbiz page MODEL --scorm FILE.zip [--scorm-score none|index|stage]`` (or :func:`write_package`) writes a zip
with ``imsmanifest.xml`` at its root (ADL SCORM 1.2 content packaging: one organization, one item, one resource of
type ``webcontent`` with ``adlcp:scormtype="sco"``) and the same self-contained page as ``socialbiz page``, which
then also carries ``static/scorm.js``. Outside an LMS (no SCORM 1.2 ``API`` in the window's parents or the
opener's) the page is the stand-alone page. Inside one it sends exactly this and reads only ``cmi.suspend_data``:

``cmi.core.lesson_status``
    ``incomplete`` from the first answer on, ``completed`` once every statement is answered ("weiß nicht" counts).
``cmi.core.score.raw`` (with ``score.min`` 0 and ``score.max`` 100), unless the build says ``none``
    ``stage`` (the default): the stage reached as a whole percentage of the top stage (stage 3 of 5 is 60; no stage
    reached is 0). ``index``: the index as a whole percentage of its range (``index_pct`` of
    :func:`socialbiz_kit.scoring.score`), blank while a stage is unknown. The stage is the default because it is the
    result the page leads with and the coarsest one: five or six possible values say less about the organisation
    than an index with decimals, and the lecturer can read it in the gradebook at a glance. It grades the
    organisation assessed, not the student's work: a lecturer who grades completion builds with ``none``.
``cmi.suspend_data``
    The answers in a compact text (below), so that the LMS resumes the form on another device; the notes too when
    everything fits in :data:`NOTES_LIMIT` characters, otherwise the notes stay in the browser and the page says so.
    Organisation, name and date always stay in the browser.
``cmi.core.exit``
    ``suspend``, so that the next launch resumes the attempt.

The encoding (ASCII only, so that characters and bytes are the same count in every LMS)::

    sbk1;<model id>;<version, URL-encoded>;<answers>[;<notes>]

``<answers>`` has one code per statement in model order, each :func:`code_width` characters of base 62
(:data:`DIGITS`): 0 unanswered, 1 "weiß nicht", 2 + k the k-th scale point. One character per statement for a scale
of up to 60 points. ``<notes>`` is ``k:text`` per statement with a note (k its position, the text URL-encoded),
joined by commas. The longest answers part comes from :data:`MAX_ITEMS` statements on the widest scale the model
schema allows (-10,000 to 10,000: 20,001 points, three characters each); see :func:`worst_case`.

>>> worst_case()
1572
>>> encode_answers(["a", "b", "c"], {"a": 4, "b": None}, {"b": True}, [0, 1, 2, 3, 4])
'610'
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from . import __version__
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD
from ._pagebits import DEFAULT_SCORE, MAX_HEADER, MAX_ITEMS, NOTES_LIMIT, SCORES, SUSPEND_LIMIT, check_model, header
from ._pagebits import scorm_settings as page_settings
from .models import MAX_SCALE_SPAN, Model, load_model

# worst_case and encode_answers describe suspend_data for the tests and readers: importable, not public
__all__ = ["SCORES", "DEFAULT_SCORE", "MAX_ITEMS", "SUSPEND_LIMIT", "NOTES_LIMIT", "manifest", "package_files",
           "write_package", "header"]

# re-exported: the SCORM part of the page's data lives in _pagebits, below the page and this module
_REEXPORTED = (check_model, page_settings)

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
PAGE = "selbstcheck.html"
_SCALE_POINTS = 2 * MAX_SCALE_SPAN + 1  # the most scale points the schema allows (integer values -10,000..10,000)


def code_width(n_scale: int) -> int:
    """Characters per statement: the fewest base-62 digits for unanswered, "weiß nicht" and ``n_scale`` points.

    >>> code_width(5), code_width(60), code_width(61), code_width(20001)
    (1, 1, 2, 3)
    """
    width = 1
    while 62 ** width < n_scale + 2:
        width += 1
    return width


def worst_case(n_items: int = MAX_ITEMS, n_scale: int = _SCALE_POINTS) -> int:
    """The longest ``suspend_data`` without notes: the longest header and ``n_items`` codes of the widest width.

    Parameters
    ----------
    n_items : int, default 500
        Items.
    n_scale : int, default 20001
        Points of the widest scale.

    Returns
    -------
    int
        Characters.
    """
    return MAX_HEADER + n_items * code_width(n_scale)


def encode_answers(items: list[str], answers: dict[str, Any], dont_know: dict[str, bool], scale: list[int]) -> str:
    """The answers part of ``suspend_data`` as ``static/scorm.js`` writes it (for tests and readers).

    Parameters
    ----------
    items : list of str
        The item ids in order.
    answers : dict
        Item id -> answer.
    dont_know : dict
        Item id -> answered "weiß nicht".
    scale : list of int
        The scale's values.

    Returns
    -------
    str
        The encoded answers.
    """
    width = code_width(len(scale))

    def code(n: int) -> str:
        out = ""
        for _ in range(width):
            out = DIGITS[n % 62] + out
            n //= 62
        return out

    parts = []
    for item in items:
        value = answers.get(item)
        parts.append(code(1 if dont_know.get(item) else 0) if value is None else code(2 + scale.index(value)))
    return "".join(parts)


_LOCATIONS = ("http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
              "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
              "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd")


def _identifier(text: str) -> str:
    """An XML ID (NCName) from free text."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", text)


def manifest(model: Model | str, *, lang: str = "de") -> str:
    """The ``imsmanifest.xml`` of the model's package (ADL SCORM 1.2 content aggregation model).

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        The XML.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    """
    model = load_model(model)
    title = escape(f"{model.name.get(lang)} – Selbstcheck" if lang == "de" else f"{model.name.get(lang)} – self-check")
    ident = _identifier(f"socialbiz-selfcheck-{model.id}-{model.version}")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- socialbiz-kit {escape(__version__)}: the self-check of {escape(model.id)} {escape(model.version)} -->
<manifest identifier={quoteattr(ident)} version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="{_LOCATIONS}">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{title}</title>
      <item identifier="item" identifierref="sco" isvisible="true">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="{PAGE}">
      <file href="{PAGE}"/>
    </resource>
  </resources>
</manifest>
"""


def package_files(model: Model | str, *, score: str = DEFAULT_SCORE, threshold: float = DEFAULT_THRESHOLD,
                  rule: str = DEFAULT_RULE, lang: str = "de") -> dict[str, str]:
    """The package's files by name: ``imsmanifest.xml`` and the page.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    score : str, default "stage"
        What the LMS receives as the score, one of :data:`SCORES`.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('stepped')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    dict of str to str
        File name -> content.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``threshold`` is not above 0 and at most 1, or ``rule`` is not one of the rules; if ``lang`` is not
        ``"de"`` or ``"en"``; if the model has more statements than a SCORM package takes; or if the model's
        id and version are too long for a SCORM package.
    """
    from .page import page_html

    model = load_model(model)
    return {"imsmanifest.xml": manifest(model, lang=lang),
            PAGE: page_html(model, threshold=threshold, rule=rule, lang=lang, scorm=score)}


def write_package(model: Model | str, path: str | Path | None = None, *, score: str = DEFAULT_SCORE,
                  overwrite: bool = False, threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE,
                  lang: str = "de") -> Path:
    """Write the SCORM 1.2 package of ``model`` (atomic; an existing file only with ``overwrite=True``).

    ``path`` defaults to ``selbstcheck_<model id>_scorm.zip``. Returns the path written.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    path : str or Path, optional
        The zip; ``selbstcheck_<model id>_scorm.zip`` by default.
    score : str, default "stage"
        What the LMS receives as the score, one of :data:`SCORES`.
    overwrite : bool, default False
        Replace an existing file; without it an existing file is never touched. A link, folder or device is never
        written.
    threshold : float, default DEFAULT_THRESHOLD (0.75)
        The fulfilment a stage needs to count as met (above 0, at most 1).
    rule : str, default DEFAULT_RULE ('stepped')
        How the stage is decided from the fulfilment per stage, one of :data:`~socialbiz_kit.scoring.RULES`.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

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
        ``"de"`` or ``"en"``; if the model has more statements than a SCORM package takes; or if the model's
        id and version are too long for a SCORM package.
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    from ._io import atomic_write

    model = load_model(model)
    files = package_files(model, score=score, threshold=threshold, rule=rule, lang=lang)
    target = Path(path) if path is not None else Path(f"selbstcheck_{model.id}_scorm.zip")

    def write(fh) -> None:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, text in files.items():
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # the same bytes on every build
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, text.encode("utf-8"))

    return atomic_write(target, write, overwrite=overwrite, hint="use --force to replace it", option="overwrite=True / --force",
                        binary=True)

