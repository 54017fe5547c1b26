"""The self-check on paper: a printable A4 questionnaire per model, as HTML or PDF.

The page is made from the model's data with a Jinja2 template shipped in the package
(``templates/questionnaire.html.j2``) and the words of ``data/ui.yaml`` (section ``questionnaire``):
fields for organisation and date, the answer scale with its anchors, every statement stage by stage
with boxes to tick, "?" for "cannot judge", and a line for the evidence behind each answer. Its print
stylesheet sets A4; the PDF is printed by headless Chromium through playwright.

>>> page = render_questionnaire("cotc", lang="de")
>>> "Selbstcheck auf Papier" in page and "trifft voll zu" in page and "http" not in page.split("<body>")[1]
True
"""
from __future__ import annotations

import os
import shutil
from functools import lru_cache
from pathlib import Path

from . import ui
from ._compat import keyword_lang
from ._io import atomic_write, refuse_existing
from ._lang import check_lang
from .errors import SettingError, SocialbizError
from .models import Model, citation, load_model

__all__ = ["render_questionnaire", "write_questionnaire", "html_to_pdf", "scale_key", "chromium_path"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                       undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)


def _full_anchor(item, lang: str) -> str:
    """What "fully" looks like for this statement, where the model gives it (field ``anchor``)."""
    anchor = getattr(item, "anchor", None)
    if anchor is None:
        return ""
    return anchor.get(lang) if hasattr(anchor, "get") else str(anchor)


@keyword_lang("lang")
def render_questionnaire(model: Model | str, *, lang: str = "de", organisation: str = "", date: str = "") -> str:
    """The questionnaire of ``model`` in ``lang`` as one self-contained HTML page (A4 print stylesheet).

    ``organisation`` and ``date`` pre-fill the fields (escaped); left empty they are lines to write on.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    organisation : str, default ""
        Pre-filled organisation (escaped).
    date : str, default ""
        Pre-filled date, ``2026-12-31`` or ``31.12.2026``.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``; or if the date is not a date.
    """
    check_lang(lang)
    model = model if isinstance(model, Model) else load_model(model)
    w = ui.words("questionnaire", lang=lang)
    areas = {d.id: d.name.get(lang) for d in model.dimensions}
    number = 0
    stages = []
    for stage in model.stages:
        items = []
        for item in stage.items:
            number += 1
            items.append({"number": number, "id": item.id, "text": item.text.get(lang),
                          "area": areas.get(item.area, "") if item.area else "", "full": _full_anchor(item, lang)})
        stages.append({"number": stage.number, "name": stage.name.get(lang), "tagline": stage.tagline.get(lang),
                       "heading": ui.text("questionnaire.stage", lang=lang, number=stage.number), "statements": items,
                       "baseline": ui.text("questionnaire.baseline", lang=lang, number=stage.number,
                                           name=stage.name.get(lang))})
    scale = [{"value": p.value, "label": p.label.get(lang)} for p in model.scale]
    return _env().get_template("questionnaire.html.j2").render(
        lang=lang, w=w, model_name=model.name.get(lang), stages=stages, scale=scale,
        organisation=organisation, date=_date(date, lang) if date else "", sources=citation(model, lang="de", addresses=False),
        made=ui.text("questionnaire.made", lang=lang, model=model.short_name.get(lang), version=model.version))


def _date(text: str, lang: str) -> str:
    """The pre-filled date as the language writes it; ``2026-12-31`` or ``31.12.2026`` are understood."""
    import datetime as dt

    from .errors import SettingError

    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            return ui.date(parse(text.strip()), lang=lang)
        except ValueError:
            continue
    raise ui.error(SettingError, code="questionnaire.bad_date", lang=lang, value=text)


@keyword_lang("lang")
def scale_key(model: Model | str, *, lang: str = "de") -> str:
    """The answer scale in one line: ``0 trifft nicht zu · … · ? kann ich nicht beurteilen``.

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        One line.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    """
    model = model if isinstance(model, Model) else load_model(model)
    points = [f"{p.value} {p.label.get(lang)}" for p in model.scale] + [f"? {ui.text('questionnaire.unsure', lang=lang)}"]
    return " · ".join(points)


def chromium_path() -> str:
    """Chromium for the PDF: ``SOCIALBIZ_CHROMIUM``, else ``chromium`` on the PATH, else ``/usr/bin/chromium``.

    Returns
    -------
    str
        The path of the Chromium executable.
    """
    return os.environ.get("SOCIALBIZ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@keyword_lang("lang")
def html_to_pdf(html: str, *, lang: str = "de", chromium: str | None = None, footer_note: str = "") -> bytes:
    """Print an HTML page to an A4 PDF with headless Chromium (playwright).

    Every page's footer carries ``footer_note`` (the questionnaire puts its answer scale there) and
    "Seite n von m". The page may load nothing from the network; any such request is aborted.

    Parameters
    ----------
    html : str
        A self-contained page.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    chromium : str, optional
        The Chromium to use; :func:`chromium_path` by default.
    footer_note : str, default ""
        Text at the foot of every page.

    Returns
    -------
    bytes
        The PDF.

    Raises
    ------
    SettingError
        If no Chromium browser is found to print the PDF.
    SocialbizError
        If printing the PDF fails.
    """
    chromium = chromium or chromium_path()
    if not Path(chromium).exists():
        raise ui.error(SettingError, code="questionnaire.no_chromium", lang=lang, path=chromium)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in the course and test extras
        raise ui.error(SettingError, code="questionnaire.pdf_failed", lang=lang, detail="pip install 'socialbiz-kit[course]'") from exc
    page_words = ui.escape(ui.text("questionnaire.page", lang=lang, page="PAGENUM", pages="PAGETOTAL"))
    footer = ('<div style="font-size:7pt;width:100%;margin:0 14mm;display:flex;justify-content:space-between;'
              'color:#4d5b66;font-family:sans-serif"><span>' + ui.escape(footer_note) + '</span><span>'
              + page_words.replace("PAGENUM", '<span class="pageNumber"></span>').replace(
                  "PAGETOTAL", '<span class="totalPages"></span>') + "</span></div>")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(("about:", "data:"))
                           else route.continue_())
                page.set_content(html, wait_until="load")
                return page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                                display_header_footer=True, header_template="<span></span>", footer_template=footer)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ui.error(SocialbizError, code="questionnaire.pdf_failed", lang=lang, detail=str(exc).splitlines()[0]) from exc


@keyword_lang("lang")
def write_questionnaire(model: Model | str, path: str | Path, *, lang: str = "de", overwrite: bool = False, organisation: str = "",
                        date: str = "") -> Path:
    """Write the questionnaire to ``path``: a PDF when it ends in ``.pdf``, HTML otherwise (atomically).

    Parameters
    ----------
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    path : str or Path
        A ``.pdf`` or an HTML file.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    overwrite : bool, default False
        Replace an existing file; without it an existing file is never touched. A link, folder or device is never
        written.
    organisation : str, default ""
        Pre-filled organisation (escaped).
    date : str, default ""
        Pre-filled date, ``2026-12-31`` or ``31.12.2026``.

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
        If ``lang`` is not ``"de"`` or ``"en"``; if the date is not a date; or if no Chromium browser is found
        to print the PDF.
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    SocialbizError
        If printing the PDF fails.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    path = Path(path)
    html = render_questionnaire(model, lang=lang, organisation=organisation, date=date)
    if path.suffix.lower() == ".pdf":
        if path.exists() and not overwrite:
            raise refuse_existing(path, "use --force to replace it", "overwrite=True / --force")
        model = model if isinstance(model, Model) else load_model(model)
        data = html_to_pdf(html, lang=lang, footer_note=scale_key(model, lang=lang))
        return atomic_write(path, lambda fh: fh.write(data), overwrite=overwrite, binary=True,
                            hint="use --force to replace it", option="overwrite=True / --force")
    return atomic_write(path, lambda fh: fh.write(html), overwrite=overwrite, hint="use --force to replace it",
                        option="overwrite=True / --force")
