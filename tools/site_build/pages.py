"""The self-check and seminar pages (``socialbiz page`` / ``socialbiz class-page``) and the landing page.

Part of ``tools/build_site.py`` (``make site``), which re-exports every name.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .common import MODELS, SITE_SRC, log, run, site_words


# ----------------------------------------------------------------------------------- self-check pages
def build_pages(venv_bin: Path, out: Path) -> list[str]:
    socialbiz = venv_bin / "socialbiz"
    probe = subprocess.run([socialbiz, "page", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        log("self-check pages: 'socialbiz page' is not in this checkout yet; the site is built without them")
        return []
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for model in MODELS:
        # beside the page its SCORM 1.2 package for Moodle and ILIAS (docs/leitfaden/lernplattform.md)
        run([socialbiz, "page", model, "--out", out / f"{model}.html", "--home", "../index.html",
             "--scorm", out / f"{model}_scorm.zip"])
        made.append(model)
    return made


def build_seminar_pages(venv_bin: Path, out: Path, edition: str) -> list[str]:
    """The seminar pages (``socialbiz class-page``), for lecturers only: beside the self-check pages."""
    socialbiz = venv_bin / "socialbiz"
    if edition != "lecturer" or subprocess.run([socialbiz, "class-page", "--help"], capture_output=True).returncode:
        return []
    out.mkdir(parents=True, exist_ok=True)
    for model in MODELS:
        run([socialbiz, "class-page", model, "--out", out / f"seminar_{model}.html", "--home", "../index.html"])
    return list(MODELS)


# -------------------------------------------------------------------------------------------- landing
def build_landing(out: Path, pages: list[str], has_guide: str | None, info: dict, partial: bool = False,
                  edition: str = "student", seminar: list[str] | None = None) -> None:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(SITE_SRC / "landing"), autoescape=select_autoescape(["html"]))
    tpl = env.get_template("index.html.j2")
    for lang, target, root, other in (("de", out / "index.html", "", "en/index.html"),
                                      ("en", out / "en" / "index.html", "../", "../index.html")):
        target.parent.mkdir(parents=True, exist_ok=True)
        w = site_words(lang, edition)
        target.write_text(tpl.render(lang=lang, w=w, root=root, other=other, pages=pages, seminar=seminar or [],
                                     guide=has_guide,
                                     versions=w["versions"].format(**info), partial=partial), encoding="utf-8")
    shutil.copy2(SITE_SRC / "landing" / "landing.css", out / "landing.css")
    (out / ".nojekyll").write_text("")
