"""Alt texts for the plots on the course book's pages (WCAG 1.1.1).

Without one, Sphinx writes an image's path as its alt text (``alt="../_images/<hash>.png"``) and a screen reader
reads the path aloud. :func:`plot_alts` finds a true, specific text for each code cell with a plot, in the site's
words (data/ui.yaml, section site); ``tools/site_build/book.py`` puts it into the book's copy of the notebook as
myst-nb's cell option ``mystnb: {image: {alt: ...}}`` (``render_image_options``, myst-nb 1.4). The notebooks
themselves are never changed.

Where the text comes from, most specific first:

* the figure's title, if the cell's code sets it as a plain string (``title="..."``, ``ax.set_title("...")``) and
  the cell draws one plot: read from the code, not by running it (a title the kit's plotting functions take from
  the data, e.g. ``plotting.ladder``, is not readable this way; the PNG output's text/plain is only
  ``<Figure size ...>``);
* else the nearest heading above the cell.

The course rule is that every plot is followed by a table with the same numbers; the text says so only where a
table (text/html with ``<table``) really follows: later in the same cell, or in one of the next two code cells
that the book shows, before the next heading.
"""
from __future__ import annotations

import ast
import re

from .common import HEADING, BuildError

TITLE_CALLS = ("set_title", "title", "suptitle")
MAGIC = re.compile(r"^\s*[%!].*$", re.M)
MARKUP = re.compile(r"<[^>]+>|[*_`]")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
HIDDEN = {"remove-cell", "remove-output", "tests"}


def _images(cell: dict) -> list[int]:
    """Indices of the cell's outputs that carry an image."""
    return [k for k, out in enumerate(cell.get("outputs", []))
            if any(mime.startswith("image/") for mime in out.get("data", {}))]


def _is_table(output: dict) -> bool:
    html = output.get("data", {}).get("text/html", "")
    return "<table" in ("".join(html) if isinstance(html, list) else html)


def _title_value(call: ast.Call) -> ast.expr | None:
    """The title a call sets (an expression), None if it sets none; a legend's title does not count."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    owner = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
    if name == "legend" or "legend" in owner.lower():
        return None
    if name in TITLE_CALLS and isinstance(func, ast.Attribute) and (call.args or call.keywords):
        label = [k.value for k in call.keywords if k.arg == "label"]
        return call.args[0] if call.args else label[0] if label else None
    return next((k.value for k in call.keywords if k.arg == "title"), None)


def code_title(source: str) -> str | None:
    """The figure title a cell's code sets last, if it is a plain string (``None`` if it sets none, sets one the
    code computes, or cannot be read).

    Parameters
    ----------
    source : str
        The code cell's source.

    Returns
    -------
    str or None
        The title.
    """
    try:
        tree = ast.parse(MAGIC.sub("", source))
    except SyntaxError:
        return None
    calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
    titles = [value for value in map(_title_value, calls) if value is not None]
    if not titles or not (isinstance(titles[-1], ast.Constant) and isinstance(titles[-1].value, str)):
        return None
    return " ".join(titles[-1].value.split()) or None


def heading_text(line: str) -> str:
    """A Markdown heading as plain text: without its ``#``, emphasis, code marks, links or HTML tags."""
    return " ".join(MARKUP.sub("", LINK.sub(r"\1", line.lstrip("#"))).split())


def _table_below(cells: list[dict], i: int, first_image: int) -> bool:
    """Whether a table follows the plot of cell ``i``: in its later outputs, or in one of the next two code cells
    the book shows, before the next heading and the next plot (a table below that is the next plot's)."""
    if any(_is_table(out) for out in cells[i].get("outputs", [])[first_image + 1:]):
        return True
    seen = 0
    for cell in cells[i + 1:]:
        if cell["cell_type"] == "markdown" and HEADING.search("".join(cell.get("source", ""))):
            return False
        if cell["cell_type"] != "code" or HIDDEN & set(cell.get("metadata", {}).get("tags", [])):
            continue
        images = _images(cell)
        if any(_is_table(out) for out in cell.get("outputs", [])[:images[0] if images else None]):
            return True
        seen += 1
        if images or seen == 2:
            return False
    return False


def plot_alts(cells: list[dict], words: dict, name: str = "") -> dict[int, str]:
    """The alt text for the plots of each code cell that shows one (see the module's docstring).

    Parameters
    ----------
    cells : list of dict
        The notebook's cells (nbformat 4, as JSON).
    words : dict
        The site's words (``site_words``): ``plot_alt_title``, ``plot_alt_heading``, ``plot_alt_table``.
    name : str, optional
        The notebook's name, for the error message.

    Returns
    -------
    dict
        Cell index to alt text.

    Raises
    ------
    BuildError
        If a plot has neither a title in its code nor a heading above it.
    """
    alts, heading = {}, ""
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            found = HEADING.findall("".join(cell.get("source", "")))
            heading = heading_text(found[-1]) if found else heading
            continue
        images = _images(cell) if cell["cell_type"] == "code" else []
        if not images:
            continue
        title = code_title("".join(cell.get("source", ""))) if len(images) == 1 else None
        if title:
            alt = words["plot_alt_title"].format(title=title)
        elif heading:
            alt = words["plot_alt_heading"].format(heading=heading)
        else:
            raise BuildError(f"{name}, cell {i + 1}: a plot with no title in its code and no heading above it "
                             "has no alt text; give it a heading")
        alts[i] = words["plot_alt_table"].format(alt=alt) if _table_below(cells, i, images[0]) else alt
    return alts
