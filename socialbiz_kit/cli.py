"""The ``socialbiz`` command.

    socialbiz models                                   list the bundled models
    socialbiz validate MODEL.yaml                      check a model file of your own
    socialbiz template MY_MODEL.yaml                   start a model of your own from the template
    socialbiz template MY_MODEL.csv                    the same as a table (one row per statement, no YAML)
    socialbiz report FILE --model altimeter [--assessment ID] --out report.html
    socialbiz page MODEL [--out FILE]                  the self-check as one self-contained HTML file
    socialbiz page MODEL --scorm FILE.zip              the same page as a SCORM 1.2 package for Moodle, ILIAS, ...
    socialbiz class-page MODEL [--out FILE]            the seminar page: a class's downloads evaluated in the browser
    socialbiz app [--model MODEL] [--port 8866]         build the self-check pages and serve them on 127.0.0.1
    socialbiz lab                                      JupyterLab on the notebooks (in a checkout)
    socialbiz score FILE --model altimeter [--lang de] [--threshold 0.75] [--rule gated] [--out results.csv]
    socialbiz questionnaire MODEL [--lang de] --out fragebogen.pdf   the self-check on paper (A4, .pdf or .html)

Errors end with exit status 2 and one line on stderr, explained in the language of ``--lang`` (de by default;
every command but ``models`` and ``lab`` takes it).
"""
from __future__ import annotations

import argparse
import sys

from . import __version__
from ._checks import DEFAULT_RULE, DEFAULT_THRESHOLD, RULES
from ._cli_output import printable as _printable
from ._cli_output import printable_frame, refusal, warning_line

__all__ = ["main"]

def _port(text: str) -> int:
    """A TCP port for ``app --port`` (1-65535), else argparse's own error (exit status 2)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="socialbiz", description="Social business maturity models: models, validation, scoring.")
    p.add_argument("--version", action="version", version=f"socialbiz-kit {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("models", help="list the bundled models")
    v = sub.add_parser("validate", help="check a model file")
    v.add_argument("file")
    v.add_argument("--lang", default="de", choices=["de", "en"], help="the language a refusal is explained in")
    t = sub.add_parser("template", help="write the commented template for a model of your own")
    t.add_argument("file")
    t.add_argument("--lang", default="de", choices=["de", "en"], help="the language a refusal is explained in")
    s = sub.add_parser("score", help="score an answer file (CSV or XLSX, wide or long)")
    s.add_argument("file")
    s.add_argument("--model", help="bundled model name or model file (default: guessed from the item ids)")
    s.add_argument("--lang", default="de", choices=["de", "en"])
    _add_settings(s)
    s.add_argument("--out", help="write the full result: a workbook if the name ends in .xlsx (opens in any Excel), "
                   "else CSV")
    s.add_argument("--force", action="store_true", help="replace an existing --out file")
    r = sub.add_parser("report", help="one assessment of an answer file as a self-contained HTML page")
    r.add_argument("file")
    r.add_argument("--model", help="bundled model name or model file (default: guessed from the item ids)")
    r.add_argument("--assessment", help="which assessment (needed when the file holds several)")
    r.add_argument("--out", required=True, help="the HTML file to write")
    r.add_argument("--lang", default="de", choices=["de", "en"])
    _add_settings(r)
    r.add_argument("--force", action="store_true", help="replace an existing --out file")
    r.add_argument("--previous", help="an earlier answer file of the same organisation: the report shows then and now")
    r.add_argument("--previous-assessment", help="which assessment of --previous (needed when it holds several)")
    _add_page_parsers(sub)
    a = sub.add_parser("app", help="build the self-check pages and serve them on 127.0.0.1 (a plain static server)")
    a.add_argument("--model", action="append", help="bundled model name or model file (repeatable; default: all bundled)")
    a.add_argument("--port", type=_port, default=8866)
    a.add_argument("--folder", help="build the pages into this folder (default: a temporary folder)")
    a.add_argument("--build-only", action="store_true", help="build the pages and stop (no server)")
    a.add_argument("--lang", default="de", choices=["de", "en"], help="the language a refusal is explained in")
    sub.add_parser("lab", help="start JupyterLab on the notebooks (127.0.0.1)")
    q = sub.add_parser("questionnaire", help="the printable questionnaire of a model (A4; PDF or HTML by --out suffix)")
    q.add_argument("model", help="bundled model name or model file")
    q.add_argument("--lang", default="de", choices=["de", "en"])
    q.add_argument("--out", required=True, help="the file to write: .pdf (made with Chromium) or .html")
    q.add_argument("--organisation", default="", help="pre-fill the organisation field")
    q.add_argument("--date", default="", help="pre-fill the date field (YYYY-MM-DD)")
    q.add_argument("--force", action="store_true", help="replace an existing --out file")
    return p



def _decimal(text: str) -> float:
    """A number as a German keyboard writes it too (``0,8``), else argparse's own error (exit status 2)."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (such as 0.75 or 0,75)") from None


def _add_settings(parser: argparse.ArgumentParser) -> None:
    """The scoring settings ``--threshold`` and ``--rule`` (defaults from socialbiz_kit._checks)."""
    parser.add_argument("--threshold", type=_decimal, default=DEFAULT_THRESHOLD,
                        help="the fulfilment a stage needs, above 0 and at most 1 (0.75 or 0,75)")
    parser.add_argument("--rule", default=DEFAULT_RULE, choices=list(RULES))


def _add_page_parsers(sub) -> None:
    """The commands ``page`` and ``class-page``."""
    pg = sub.add_parser("page", help="write the self-check as one self-contained HTML file (no server needed)")
    pg.add_argument("model", help="bundled model name or model file")
    pg.add_argument("--out", help="the HTML file to write (default: selbstcheck_<model>.html)")
    pg.add_argument("--lang", default="de", choices=["de", "en"], help="the language the page opens in")
    _add_settings(pg)
    pg.add_argument("--force", action="store_true", help="replace an existing --out file")
    pg.add_argument("--home", help="a relative link to the start page of the site the page belongs to")
    pg.add_argument("--scorm", metavar="FILE.zip",
                    help="write a SCORM 1.2 package for an LMS (Moodle, ILIAS) instead of the HTML file (with --out too: both)")
    pg.add_argument("--scorm-score", choices=["none", "index", "stage"], default="stage",
                    help="the score the LMS receives: the stage or the index as 0-100, or none (default: stage)")
    cp = sub.add_parser("class-page", help="write the seminar page: a class's files evaluated in the lecturer's browser")
    cp.add_argument("model", help="bundled model name or model file")
    cp.add_argument("--out", help="the HTML file to write (default: seminar_<model>.html)")
    cp.add_argument("--lang", default="de", choices=["de", "en"], help="the page's language (and of a refusal)")
    _add_settings(cp)
    cp.add_argument("--force", action="store_true", help="replace an existing --out file")
    cp.add_argument("--home", help="a relative link to the start page of the site the page belongs to")


def _models() -> int:
    from .models import catalogue

    print(catalogue(lang="en")[["id", "year", "stages", "items", "name"]].to_string(index=False))
    return 0


def _validate(file: str) -> int:
    from .models import read_model

    if file.lower().endswith((".csv", ".xlsx")):  # a model table (socialbiz_kit.builder)
        from .builder import model_from_table

        m = model_from_table(file)
    else:
        m = read_model(file)
    print(f"OK: {_printable(file)}: model '{m.id}' version {_printable(m.version)}, {m.n_stages} stages, "
          f"{len(m.items)} items")
    return 0


def _template(file: str) -> int:
    from ._io import atomic_write
    from .models import template_path

    if file.lower().endswith(".csv"):  # a model table instead of YAML (socialbiz_kit.builder)
        from .builder import write_table_template

        write_table_template(file)
        print(f"written: {file} - edit it, then run: socialbiz validate {file}")
        return 0

    text = template_path().read_text(encoding="utf-8")
    atomic_write(file, lambda fh: fh.write(text), hint="choose another name or delete it first", option=None)
    print(f"written: {file} - edit it, then run: socialbiz validate {file}")
    return 0


def _report(args) -> int:
    from pathlib import Path

    from ._io import refuse_existing
    from .models import load_model
    from .report import write_report
    from .responses import read_responses

    if Path(args.out).exists() and not args.force:
        raise refuse_existing(args.out, "use --force to replace it", "--force")
    model = load_model(args.model) if args.model else None
    answers = read_responses(args.file, model, lang=args.lang)
    model = model or _guess(answers)
    row = _pick(answers, args.assessment, args.file, "--assessment")
    org = _organisation(row)
    previous = None
    if args.previous:
        earlier = read_responses(args.previous, model, lang=args.lang)
        previous = _pick(earlier, args.previous_assessment, args.previous, "--previous-assessment")
    write_report(row, args.out, model, organisation=org, lang=args.lang, threshold=args.threshold, rule=args.rule,
                 overwrite=args.force, previous=previous)
    print(f"written: {args.out}")
    return 0


def _pick(answers, key: str | None, file: str, option: str):
    """The one assessment ``key`` of an answer file (the only one when ``key`` is None), as a one-row table."""
    from pathlib import Path

    from .errors import InputDataError

    name = Path(file).name
    shown = ", ".join(map(str, answers.index[:5])) + (", ..." if len(answers) > 5 else "")
    if key is None and len(answers) > 1:
        raise InputDataError(f"{name} holds {len(answers)} assessments; choose one with {option} ({shown})",
                             code="errors.choose_assessment", file=name, n=len(answers), option=option, shown=shown)
    if key is not None and key not in answers.index:
        raise InputDataError(f"{name} has no assessment {key!r} ({shown})", code="errors.no_assessment", file=name,
                             name=key, shown=shown)
    return answers.loc[[key if key is not None else answers.index[0]]]


def _organisation(row) -> str:
    """The organisation a report is about: the file's ``organisation`` where filled, else the assessment's id."""
    import pandas as pd

    value = row["organisation"].iloc[0] if "organisation" in row.columns else None
    return str(row.index[0]) if value is None or pd.isna(value) or not str(value).strip() else str(value)


def _checkout_notebooks():
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "notebooks"
    return folder if (folder / "00_start.ipynb").exists() else None


def _page(args) -> int:
    from .page import write_page
    from .scorm import write_package

    written = []
    try:
        if args.scorm:
            written.append(write_package(args.model, args.scorm, score=args.scorm_score, overwrite=args.force,
                                         threshold=args.threshold, rule=args.rule, lang=args.lang))
        if args.out or not args.scorm:
            written.append(write_page(args.model, args.out, overwrite=args.force, threshold=args.threshold,
                                      rule=args.rule, lang=args.lang, home=args.home))
    except ValueError as exc:   # --threshold, --home, a model too large for SCORM: say what is wrong, no traceback
        print(f"socialbiz: {refusal(exc, args.lang)}", file=sys.stderr)
        return 2
    for path in written:
        print(f"written: {path}")
    return 0


def _class_page(args) -> int:
    from .class_page import write_class_page

    try:
        path = write_class_page(args.model, args.out, overwrite=args.force, threshold=args.threshold, rule=args.rule,
                                home=args.home, lang=args.lang)
    except ValueError as exc:
        print(f"socialbiz: {refusal(exc, args.lang)}", file=sys.stderr)
        return 2
    print(f"written: {path}")
    return 0


def _app(args) -> int:
    import tempfile
    from pathlib import Path

    from .models import list_models, load_model
    from .page import build_pages, serve

    models = [m if m in list_models() else str(Path(m).resolve()) for m in (args.model or list_models())]
    chosen = [load_model(m) for m in models]  # a broken model file stops here with its clear error
    with tempfile.TemporaryDirectory(prefix="socialbiz-app-") as tmp:
        folder = Path(args.folder) if args.folder else Path(tmp)
        pages = build_pages(folder, chosen)
        for p in pages:
            print(f"written: {p}")
        if args.build_only:
            return 0
        print(f"Selbstcheck / self-check: http://127.0.0.1:{args.port}/  (stop with Ctrl+C)")
        serve(folder, port=args.port)
    return 0


def _lab() -> int:
    import os
    import subprocess

    notebooks = _checkout_notebooks()
    cmd = [sys.executable, "-m", "jupyterlab", "--ip=127.0.0.1"]
    if os.name == "posix" and os.geteuid() == 0:
        cmd.append("--allow-root")
    if notebooks is not None:
        # notebook 00's own address is the one printed and opened (a file argument would print an empty workspace's)
        cmd += [f"--ServerApp.root_dir={notebooks}", "--LabApp.default_url=/lab/tree/00_start.ipynb"]
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0


def _questionnaire(args) -> int:
    from . import ui
    from .models import load_model
    from .questionnaire import write_questionnaire

    path = write_questionnaire(load_model(args.model), args.out, lang=args.lang, overwrite=args.force,
                               organisation=args.organisation, date=args.date)
    print(ui.text("questionnaire.written", lang=args.lang, path=path))
    return 0


def _score(args) -> int:
    from .models import load_model
    from .responses import read_responses
    from .scoring import label, score

    model = load_model(args.model) if args.model else None
    answers = read_responses(args.file, model, lang=args.lang)
    model = model or _guess(answers)
    result = label(score(answers, model, threshold=args.threshold, rule=args.rule), model, lang=args.lang)
    if "organisation" in answers.columns:
        result.insert(0, "organisation", answers["organisation"])
    from . import ui
    from .display import table as display_table

    cols = [c for c in ("organisation", "stage", "stage_name", "index", "answered", "uncertain", "borderline", "could_be",
                        "border_points")
            if c in result.columns]
    shown = result[cols].copy()
    shown["answered"] = [ui.percent(v, lang=args.lang) for v in shown["answered"]]
    print(ui.text("cli.score_head", lang=args.lang, model=model.short_name.get(args.lang),
                  rule=ui.text(f"common.rule_{args.rule}", lang=args.lang), threshold=ui.number(args.threshold, lang=args.lang)))
    print(printable_frame(display_table(shown.rename_axis("assessment"), lang=args.lang)).to_string())
    if args.out:
        from ._cli_output import write_result

        write_result(result, args.out, force=args.force)
        print(f"{ui.text('cli.written', lang=args.lang)}: {args.out}")
    return 0


def _guess(answers):
    from .models import list_models, load_model

    return max((load_model(n) for n in list_models()), key=lambda m: len(set(m.item_ids) & set(answers.columns)))


def main(argv: list[str] | None = None) -> int:
    """The ``socialbiz`` command: parse ``argv``, run the subcommand, report a refusal in one line.

    An error of the kit or of the operating system is printed as ``socialbiz: <message>`` on stderr.

    Parameters
    ----------
    argv : list of str, optional
        The arguments; the command line's by default.

    Returns
    -------
    int
        The exit status: 0 done, 2 a problem reported on stderr.
    """
    import warnings

    from .errors import OlderAnswersWarning, SocialbizError

    args = _parser().parse_args(argv)
    lang = getattr(args, "lang", None)
    with warnings.catch_warnings():
        default = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            if issubclass(category, OlderAnswersWarning):  # the learner's words, not Python's file and line
                print(f"socialbiz: {warning_line(message)}", file=sys.stderr)
            else:
                default(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        try:
            return _run(args)
        except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a file name or argument in another encoding
            print(f"socialbiz: a text holds a character that cannot be written as UTF-8 ({exc.object[exc.start:exc.end]!a}); "
                  "check names and arguments for broken characters", file=sys.stderr)
            return 2
        except (SocialbizError, OSError) as exc:
            print(f"socialbiz: {refusal(exc, lang)}", file=sys.stderr)
            return 2


def _run(args) -> int:
    """The subcommand ``args.command`` run; its exit status."""
    simple = {"models": _models, "lab": _lab}
    if args.command in simple:
        return simple[args.command]()
    if args.command in ("validate", "template"):
        return (_validate if args.command == "validate" else _template)(args.file)
    commands = {"report": _report, "page": _page, "class-page": _class_page, "app": _app,
                "questionnaire": _questionnaire, "score": _score}
    return commands[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
