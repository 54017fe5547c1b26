"""The lecturer's guide in the editions (private; the public names live in :mod:`~socialbiz_kit.editions`):
the pages students may read (:data:`STUDENT_PAGES`), without their lecturer-only blocks, and their pictures.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from . import ui
from ._edition_notebooks import EditionError, student_notebook
from .errors import SettingError

__all__ = ["GUIDE_FOLDERS", "STUDENT_PAGES", "lecturer_blocks", "student_page", "guide_pages", "guide_assets",
           "ROOT", "write_guide"]

ROOT = Path(__file__).resolve().parent.parent
# Where the lecturer's guide lives (relative to the checkout), and the pages of it that students may read (as
# posix paths relative to the checkout). Every other page is the lecturer's: a new page stays out of the
# student edition and the student site until it is listed here.
GUIDE_FOLDERS = ("docs",)
STUDENT_PAGES = ("docs/leitfaden/fallstudien.md", "docs/leitfaden/glossar.md", "docs/leitfaden/literatur.md")
_BLOCK = re.compile(r"^[ \t]*<!--\s*(/?)nur-lehrende\s*-->[ \t]*$", re.M)


def _split_page(text: str, name: str) -> tuple[str, list[str]]:
    """A guide page without its lecturer-only blocks, and the blocks."""
    marks = list(_BLOCK.finditer(text))
    if text.count("nur-lehrende") != len(marks):  # a marker that does not stand on a line of its own
        line = text.count("\n", 0, text.find("nur-lehrende")) + 1
        raise ui.error(EditionError, code="editions.page_markers", lang="de", page=name, line=line)
    kept, blocks, pos, opened = [], [], 0, None
    for m in marks:
        closing = m.group(1) == "/"
        if closing == (opened is None):  # a closing marker without an opening one, or an opening one twice
            raise ui.error(EditionError, code="editions.page_markers", lang="de", page=name,
                                       line=text.count("\n", 0, m.start()) + 1)
        if closing:
            blocks.append(text[opened:m.start()].strip("\n"))
            pos, opened = m.end(), None
        else:
            kept.append(text[pos:m.start()])
            opened = m.end()
    if opened is not None:
        raise ui.error(EditionError, code="editions.page_markers", lang="de", page=name, line=text.count("\n", 0, opened) + 1)
    kept.append(text[pos:])
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)), blocks


def lecturer_blocks(text: str, name: str = "") -> list[str]:
    """The parts of a guide page between ``<!-- nur-lehrende -->`` and ``<!-- /nur-lehrende -->``.

    Parameters
    ----------
    text : str
        A guide page.
    name : str, default ""
        The page's name, for messages.

    Returns
    -------
    list of str
        The blocks' texts.

    Raises
    ------
    EditionError
        If a notebook's or page's markers are broken, nbgrader fails, or a solution would leak into the
        student edition.

    Examples
    --------

    >>> lecturer_blocks("Frage?\\n<!-- nur-lehrende -->\\nAntwort.\\n<!-- /nur-lehrende -->\\n")
    ['Antwort.']
    """
    return _split_page(text, name)[1]


def student_page(text: str, name: str = "") -> str:
    """A guide page as students read it: without its lecturer-only blocks.

    Raises :class:`EditionError` naming ``name`` and the line when a marker does not stand on a line of its
    own or the markers do not pair up (an unclosed block would otherwise end the page or leak).

    Parameters
    ----------
    text : str
        A guide page.
    name : str, default ""
        The page's name, for messages.

    Returns
    -------
    str
        The page without its lecturer-only blocks.

    Raises
    ------
    EditionError
        If a notebook's or page's markers are broken, nbgrader fails, or a solution would leak into the
        student edition.

    Examples
    --------

    >>> student_page("Frage?\\n\\n<!-- nur-lehrende -->\\nAntwort.\\n<!-- /nur-lehrende -->\\n\\nNächste Frage?\\n")
    'Frage?\\n\\nNächste Frage?\\n'
    """
    return _split_page(text, name)[0]


_ASSETS = (".png", ".jpg", ".jpeg", ".svg", ".gif")


def guide_pages(edition: str, root: str | Path | None = None) -> dict[str, str]:
    """The guide's pages in an edition: path relative to ``root`` (the checkout) -> the page's text.

    ``"lecturer"``: every Markdown page and notebook under the guide folders (``docs/``) as it is;
    ``"student"``: only :data:`STUDENT_PAGES`, without their lecturer-only blocks (a notebook among them as
    :func:`student_notebook`, in JSON). README files and folders starting with ``.`` or ``_`` are left out.

    Parameters
    ----------
    edition : str
        ``"student"`` or ``"lecturer"``.
    root : str or Path, optional
        The checkout; this one by default.

    Returns
    -------
    dict of str to str
        Relative path -> text.

    Raises
    ------
    SettingError
        If ``edition`` is not one of the allowed values.
    EditionError
        If a notebook's or page's markers are broken, nbgrader fails, or a solution would leak into the
        student edition.
    """

    import nbformat

    if edition not in ("student", "lecturer"):
        raise SettingError(f"edition must be 'student' or 'lecturer', not {edition!r}", code="errors.choice", name="edition",
                           value=edition, allowed="student, lecturer")
    root = Path(root) if root is not None else ROOT
    pages: dict[str, str] = {}
    for folder in GUIDE_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.suffix not in (".md", ".ipynb") or path.name.lower() == "readme.md" or any(
                    part.startswith((".", "_")) for part in path.relative_to(base).parts):
                continue
            text = path.read_text(encoding="utf-8")
            if edition == "lecturer":
                pages[rel] = text
            elif rel in STUDENT_PAGES:
                if path.suffix == ".ipynb":
                    nb = student_notebook(nbformat.reads(text, as_version=4), name=rel)
                    pages[rel] = json.dumps(nb, ensure_ascii=False, indent=1) + "\n"
                else:
                    pages[rel] = student_page(text, rel)
    return pages


def guide_assets(edition: str, root: str | Path | None = None) -> list[str]:
    """Pictures of the guide in an edition (paths relative to ``root``): all of them for the lecturer; for
    students only those a student page names.

    Parameters
    ----------
    edition : str
        ``"student"`` or ``"lecturer"``.
    root : str or Path, optional
        The checkout; this one by default.

    Returns
    -------
    list of str
        Relative paths.

    Raises
    ------
    SettingError
        If ``edition`` is not one of the allowed values.
    EditionError
        If a notebook's or page's markers are broken, nbgrader fails, or a solution would leak into the
        student edition.
    """
    root = Path(root) if root is not None else ROOT
    found = sorted(p.relative_to(root).as_posix() for folder in GUIDE_FOLDERS if (root / folder).is_dir()
                   for p in (root / folder).rglob("*") if p.is_file() and p.suffix.lower() in _ASSETS)
    if edition == "lecturer":
        return found
    pages = guide_pages("student", root)
    named = set()
    for rel, text in pages.items():
        for target in re.findall(r"[\w./-]+\.(?:png|jpe?g|svg|gif)", text, flags=re.I):
            named.add(os.path.normpath(os.path.join(os.path.dirname(rel), target)).replace(os.sep, "/"))
    return [a for a in found if a in named]


def write_guide(edition: str, out: Path, root: Path) -> int:
    """Copy the guide's pages and assets for ``edition`` from ``root`` into ``out``; the number of pages."""
    pages = guide_pages(edition, root)
    for rel, text in pages.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    for rel in guide_assets(edition, root):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / rel, out / rel)
    return len(pages)

