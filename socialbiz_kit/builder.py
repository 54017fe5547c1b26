"""A model of your own from a simple table: one row per piece, no YAML to write.

A *model table* has four columns — ``Art``, ``Stufe``, ``Deutsch``, ``Englisch`` (or ``kind``,
``stage``, ``German``, ``English``) and an optional ``Kennung``/``id`` — and one row per piece of the
model: its name, description, authors, year and sources, then for every stage one row of kind
``Stufe`` (the stage's name) and rows of kind ``Leitsatz``, ``Zusammenfassung``, ``Merkmal``,
``Aussage`` and ``Empfehlung`` carrying that stage's number. Rows of kind ``Hinweis`` are notes and
are skipped. It is saved as CSV (semicolon or comma, UTF-8 or Windows encoding) or as XLSX, so it
can be edited in JupyterLab's text editor, in Excel or in LibreOffice.

Conventions
-----------
* An empty ``Englisch`` cell takes the German text (the model then reads German in both languages).
* Ids are assigned when ``Kennung`` is empty: ``stufe_1`` for stage 1, ``s1_1``, ``s1_2`` ... for its
  statements.
* A stage 1 without any ``Aussage`` row is a *baseline stage*: every organisation starts there.
* Every statement is answered on the kit's usual five-point scale (that of the bundled models).
* Row numbers in messages are those of a spreadsheet: the header is row 1.

Every problem raises :class:`ModelTableError` (a :class:`~socialbiz_kit.errors.ModelFileError`) that
names the row; :func:`socialbiz_kit.explain.explain_error` gives it in plain German or English,
and :func:`check_table` returns that sentence (or an all-clear) instead of raising.

>>> m = model_from_table(example_table_path())
>>> m
<Model 'social_intranet' v1.0: 4 stages, 12 items>
>>> m.stage(2).items[0].id, m.stage(2).name.de
('s2_1', 'Beteiligen')
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from . import ui
from ._compat import keyword_lang
from ._data import data_dir
from ._lang import check_lang
from ._tablefile import KINDS, MODEL_KINDS, ONCE_KINDS, STAGE_KINDS, kind_word, read_table
from .errors import ModelFileError, ModelTableError
from .models import Model, load_model, model_from_dict

__all__ = ["ModelTableError", "model_from_table", "read_table", "check_table", "write_table_template", "start_table",
           "table_template_path", "example_table_path", "KINDS"]

def table_template_path() -> Path:
    """The commented template of a model table (``data/model_table_template.csv``).

    Returns
    -------
    Path
        ``data/model_table_template.csv``.
    """
    return data_dir() / "model_table_template.csv"


def example_table_path() -> Path:
    """A complete example: a four-stage model of a social intranet (``data/model_table_example.csv``).

    Returns
    -------
    Path
        ``data/model_table_example.csv``.
    """
    return data_dir() / "model_table_example.csv"


def write_table_template(path: str | Path, *, overwrite: bool = False) -> Path:
    """Copy the template to ``path`` (never over an existing file unless ``overwrite``); returns the path.

    Parameters
    ----------
    path : str or Path
        Where to write the template.
    overwrite : bool, default False
        Replace an existing file; without it an existing file is never touched. A link, folder or device is never
        written.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    from ._io import atomic_write

    text = table_template_path().read_text(encoding="utf-8")
    return atomic_write(path, lambda fh: fh.write(text), overwrite=overwrite,
                        hint="choose another name or pass overwrite=True")


@keyword_lang("lang")
def start_table(path: str | Path = "mein_modell.csv", *, lang: str = "de") -> str:
    """Write the template to ``path`` unless a file is already there (your work is never replaced).

    Returns the sentence that tells a learner where the table is and how to open it in JupyterLab.

    Parameters
    ----------
    path : str or Path, default "mein_modell.csv"
        Where the learner's table goes.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.

    Returns
    -------
    str
        The sentence telling the learner where the table is and how to open it.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    OutputFileError
        If the path is a symbolic link, a folder, a device or a named pipe.
    OutputExistsError
        If the file exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    check_lang(lang)
    path = Path(path)
    if not path.exists():
        write_table_template(path)
    return ui.text("model_table.written", lang=lang, file=path.name)


def _slug(text: str) -> str:
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text:
        return "eigenes_modell"
    return text if text[0].isalpha() else f"m_{text}"


def model_from_table(source, *, name: str | None = None) -> Model:
    """Build and validate a model from a model table (a CSV/XLSX path or a DataFrame).

    ``name`` is the file name used in messages (default: the file's name). Raises
    :class:`ModelTableError` naming the row; see the module docstring for the table's layout.

    Parameters
    ----------
    source : str, Path or DataFrame
        The model table: a CSV or XLSX file, or the table itself.
    name : str, optional
        The file name used in messages; the file's own name by default.

    Returns
    -------
    Model
        The validated model.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    ModelTableError
        If the table cannot be read, lacks a column, or a row or the model it describes breaks the model
        schema (the error names the row).
    """
    import pandas as pd

    file = name or (Path(source).name if not isinstance(source, pd.DataFrame) else "<table>")
    table = read_table(source, name=file)
    parts, stages = _gather(file, table)
    baseline = _check_gathered(file, parts, stages)
    origin: dict[str, tuple[int, str]] = {}  # model key -> (row, kind) to name the row in any later error
    raw = _raw_model(file, parts, stages, baseline, origin)
    try:
        return model_from_dict(raw, name=file)
    except ModelFileError as exc:
        raise _at_row(file, exc, origin) from None


def err(file: str, problem: str, *, code: str, key: str = "", **params: Any) -> ModelTableError:
    """A model table error of ``file`` (named ``err`` so tests/error_sites.py finds its codes)."""
    return ModelTableError(file, key, problem, code=code, **params)


def _text(rec: dict) -> dict[str, str]:
    return {"de": rec["de"], "en": rec["en"]}


def _gather(file: str, table) -> tuple[dict[str, list[dict]], dict[int, dict]]:
    """The rows of the model (by kind) and of each stage (by stage number, then kind)."""
    model_parts: dict[str, list[dict]] = {k: [] for k in MODEL_KINDS}
    stages: dict[int, dict] = {}
    for rec in table.to_dict("records"):
        kind, row = rec["kind"], rec["row"]
        if kind in MODEL_KINDS:
            if kind in ONCE_KINDS and model_parts[kind]:
                raise err(file, f"row {row}: {kind} given twice", code="explain.table_twice", row=row,
                           kind=kind_word(kind, lang="de"), first=model_parts[kind][0]["row"])
            model_parts[kind].append(rec)
        elif kind == "stage":
            if rec["stage"] in stages:
                raise err(file, f"row {row}: stage {rec['stage']} given twice", code="explain.table_stage_twice",
                           row=row, kind=kind_word(kind, lang="de"), stage=rec["stage"], first=stages[rec["stage"]]["row"])
            stages[rec["stage"]] = {"row": row, "rec": rec, **{k: [] for k in STAGE_KINDS}}
    for rec in table.to_dict("records"):
        if rec["kind"] in STAGE_KINDS:
            if rec["stage"] not in stages:
                raise err(file, f"row {rec['row']}: stage {rec['stage']} has no row of kind 'stage'",
                           code="explain.table_stage_unknown", row=rec["row"], kind=kind_word(rec["kind"], lang="de"),
                           stage=rec["stage"])
            stages[rec["stage"]][rec["kind"]].append(rec)
    return model_parts, stages


def _check_gathered(file: str, model_parts: dict[str, list[dict]], stages: dict[int, dict]) -> bool:
    """Every row the model needs is there, once where once is all; returns whether stage 1 is a baseline stage."""
    for kind in ("name", "description", "author", "year", "source"):
        if not model_parts[kind]:
            raise err(file, f"no row of kind {kind!r}", code="explain.table_missing", kind=kind_word(kind, lang="de"))
    if len(stages) < 2:
        raise err(file, f"only {len(stages)} stage(s)", code="explain.table_too_few_stages", got=len(stages))
    year_rec = model_parts["year"][0]
    if not re.fullmatch(r"\d{4}", year_rec["de"]):
        raise err(file, f"row {year_rec['row']}: {year_rec['de']!r} is not a year", code="explain.table_year",
                   row=year_rec["row"], kind=kind_word("year", lang="de"), value=year_rec["de"])
    numbers = sorted(stages)
    baseline = numbers[0] == 1 and not stages[1]["item"]
    for n in numbers:
        for kind in ("tagline", "summary", "characteristic", "next_step") + (() if baseline and n == 1 else ("item",)):
            if not stages[n][kind]:
                raise err(file, f"stage {n}: no row of kind {kind!r}", code="explain.table_stage_missing",
                           stage_where=n, kind=kind_word(kind, lang="de"))
        for kind in ("tagline", "summary"):
            if len(stages[n][kind]) > 1:
                rec = stages[n][kind][1]
                raise err(file, f"row {rec['row']}: {kind} given twice for stage {n}", code="explain.table_twice",
                           row=rec["row"], kind=kind_word(kind, lang="de"), first=stages[n][kind][0]["row"])
    return baseline


def _raw_stages(file: str, stages: dict[int, dict], origin: dict[str, tuple[int, str]]) -> list[dict]:
    """The stages as a model file writes them; ``origin`` learns which row made which key."""
    seen_ids: dict[str, int] = {}
    raw_stages = []
    for i, n in enumerate(sorted(stages)):
        s = stages[n]
        key = f"stages[{i}]"
        origin[key] = (s["row"], "stage")
        items = []
        for j, rec in enumerate(s["item"]):
            iid = rec["id"] or f"s{n}_{j + 1}"
            if iid in seen_ids:
                raise err(file, f"row {rec['row']}: duplicate item id {iid!r}", code="explain.table_dup_id",
                           row=rec["row"], kind=kind_word("item", lang="de"), value=iid, first=seen_ids[iid])
            seen_ids[iid] = rec["row"]
            origin[f"{key}.items[{j}]"] = (rec["row"], "item")
            items.append({"id": iid, "text": _text(rec)})
        for kind, plural in (("characteristic", "characteristics"), ("next_step", "next_steps")):
            for j, rec in enumerate(s[kind]):
                origin[f"{key}.{plural}[{j}]"] = (rec["row"], kind)
        for kind in ("tagline", "summary"):
            origin[f"{key}.{kind}"] = (s[kind][0]["row"], kind)
        raw_stages.append({
            "id": s["rec"]["id"] or f"stufe_{n}", "number": n, "name": _text(s["rec"]), "tagline": _text(s["tagline"][0]),
            "tagline_origin": "kit", "summary": _text(s["summary"][0]),
            "characteristics": [_text(r) for r in s["characteristic"]], "items": items,
            "next_steps": [_text(r) for r in s["next_step"]],
        })
    return raw_stages


def _raw_model(file: str, model_parts: dict[str, list[dict]], stages: dict[int, dict], baseline: bool,
               origin: dict[str, tuple[int, str]]) -> dict:
    """The whole model as a model file writes it (the scale is the Altimeter model's)."""
    raw_stages = _raw_stages(file, stages, origin)
    name_rec, year_rec = model_parts["name"][0], model_parts["year"][0]
    origin["id"] = (name_rec["row"], "name")
    authors = [r["de"] for r in model_parts["author"]]
    raw = {
        "schema_version": 1,
        "id": name_rec["id"] or _slug(Path(file).stem if file != "<table>" else name_rec["de"]),
        "version": "1.0",
        "name": _text(name_rec),
        "authors": authors,
        "year": int(year_rec["de"]),
        "sources": [{"title": r["de"], "publisher": ", ".join(authors), "date": year_rec["de"]}
                    for r in model_parts["source"]],
        "description": _text(model_parts["description"][0]),
        "baseline_stage": baseline,
        "scale": [{"value": p.value, "fulfilment": p.fulfilment, "label": {"de": p.label.de, "en": p.label.en}}
                  for p in load_model("altimeter").scale],
        "stages": raw_stages,
    }
    if model_parts["short_name"]:
        raw["short_name"] = _text(model_parts["short_name"][0])
    return raw


def _at_row(file: str, exc: ModelFileError, origin: dict[str, tuple[int, str]]) -> ModelTableError:
    """The model checker's error, naming the table's row: the longest model key that a row of the table produced."""
    parts = exc.key.split(".") if exc.key else []
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in origin:
            row, kind = origin[prefix]
            return ModelTableError(file, exc.key, exc.problem, code=exc.code, row=row, kind=kind_word(kind, lang="de"),
                                   **exc.params)
    return ModelTableError(file, exc.key, exc.problem, code=exc.code, **exc.params)


@keyword_lang("lang")
def check_table(source, *, lang: str = "de", name: str | None = None) -> str:
    """A sentence for a learner: the table is fine (with its size), or what is wrong and where.

    Parameters
    ----------
    source : str, Path or DataFrame
        The model table: a CSV or XLSX file, or the table itself.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    name : str, optional
        The file name used in the sentence; the file's own name by default.

    Returns
    -------
    str
        The all-clear with the model's size, or the problem in plain words
        (:func:`~socialbiz_kit.explain.explain_error`).

    Raises
    ------
    ModelTableError
        If the table cannot be read, lacks a column, or a row or the model it describes breaks the model
        schema (the error names the row).
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.

    Examples
    --------

    >>> print(check_table(example_table_path()))
    Die Tabelle „model_table_example.csv“ ist in Ordnung: Modell „Reifegrad des Social Intranets“ mit 4 Stufen und 12 Aussagen.
    """
    import pandas as pd

    from .explain import explain_error

    check_lang(lang)
    file = name or (Path(source).name if not isinstance(source, pd.DataFrame) else "<table>")
    try:
        m = model_from_table(source, name=file)
    except ModelFileError as exc:
        return explain_error(exc, lang=lang)
    return ui.text("model_table.ok", lang=lang, file=file, name=m.name.get(lang), stages=m.n_stages, items=len(m.items))
