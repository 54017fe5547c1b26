"""Alt texts for the plots on the course book's pages (WCAG 1.1.1).

Without one, Sphinx writes an image's path as its alt text (``alt="../_images/<hash>.png"``) and a screen reader
reads the path aloud. :func:`plot_alts` finds a true, specific text for each code cell with a plot, in the site's
words (data/ui.yaml, section site); ``tools/site_build/book.py`` puts it into the book's copy of the notebook as
myst-nb's cell option ``mystnb: {image: {alt: ...}}`` (``render_image_options``, myst-nb 1.4). The notebooks
themselves are never changed.

Where the text comes from, most specific first:

* the figure's title, if the cell's code sets it as a plain string (``title="..."``, ``ax.set_title("...")``) and
  the cell draws one plot: read from the code, not by running it (the PNG output's text/plain is only
  ``<Figure size ...>``). ``plotting.ladder`` titles its figure from the model it draws ("Stufen: Altimeter"); that
  title counts too where the model is a bundled one, named in the call or in a variable the notebook set with
  ``load_model("<name>")`` and did not set otherwise (``plotting.ladder_title`` gives it, as the plot does). A title
  the code computes in any other way is not guessed;
* else the nearest heading above the cell.

No two plots of the book may share an alt text (:func:`check_unique`, over every page the book builds): notebooks
01 and 02 both drew their ladder under "Die Stufen als Treppe", and a screen reader could not tell them apart.

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
LOADER = "load_model"


def _images(cell: dict) -> list[int]:
    """Indices of the cell's outputs that carry an image."""
    return [k for k, out in enumerate(cell.get("outputs", []))
            if any(mime.startswith("image/") for mime in out.get("data", {}))]


def _is_table(output: dict) -> bool:
    html = output.get("data", {}).get("text/html", "")
    return "<table" in ("".join(html) if isinstance(html, list) else html)


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(call: ast.Call) -> tuple[str, str]:
    """The name a call calls and what it is an attribute of (``""`` for a plain name)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name, ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""


def bindings(tree: ast.AST) -> list[tuple[tuple[int, int], str, str | None]]:
    """What a cell's code sets its variables to, in order: (where, variable, the bundled model's name where it is
    ``variable = load_model("<name>")``, of any module, ``None`` where it is anything else)."""
    from socialbiz_kit.models import list_models

    loads = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and isinstance(node.value, ast.Call) and _call_name(node.value)[0] == LOADER:
            name = _literal(node.value.args[0]) if len(node.value.args) == 1 and not node.value.keywords else None
            loads[id(node.targets[0])] = name if name in list_models() else None
    stores = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    return sorted(((n.lineno, n.col_offset), n.id, loads.get(id(n))) for n in stores)


def _ladder_title(call: ast.Call, bound: dict[str, str | None]) -> ast.expr:
    """The title ``plotting.ladder(model, lang=...)`` gives its figure, as a string constant where the model is a
    bundled one the code names (the call itself, which is no plain title, where not)."""
    from socialbiz_kit import plotting

    model = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "model"), None)
    name = _literal(model) or (bound.get(model.id) if isinstance(model, ast.Name) else None)
    lang = next((k.value for k in call.keywords if k.arg == "lang"), ast.Constant("de"))
    if name is None or _literal(lang) not in ("de", "en"):
        return call
    return ast.Constant(plotting.ladder_title(name, lang=_literal(lang)))


def _title_value(call: ast.Call, bound: dict[str, str | None]) -> ast.expr | None:
    """The title a call sets (an expression), None if it sets none; a legend's title does not count."""
    name, owner = _call_name(call)
    if name == "legend" or "legend" in owner.lower():
        return None
    if name == "ladder" and owner.split(".")[-1] == "plotting":     # the kit's (plotting.ladder, sbk.plotting.ladder)
        return _ladder_title(call, bound)
    func = call.func
    if name in TITLE_CALLS and isinstance(func, ast.Attribute) and (call.args or call.keywords):
        label = [k.value for k in call.keywords if k.arg == "label"]
        return call.args[0] if call.args else label[0] if label else None
    return next((k.value for k in call.keywords if k.arg == "title"), None)


def _parse(source: str) -> ast.AST | None:
    try:
        return ast.parse(MAGIC.sub("", source))
    except SyntaxError:
        return None


def code_title(source: str, bound: dict[str, str | None] | None = None) -> str | None:
    """The figure title a cell's code sets last, if it is a plain string or the title ``plotting.ladder`` gives a
    bundled model (``None`` if it sets none, sets one the code computes, or cannot be read).

    Parameters
    ----------
    source : str
        The code cell's source.
    bound : dict, optional
        What the notebook's earlier cells set its variables to: variable -> the bundled model's name, or None
        (:func:`bindings`).

    Returns
    -------
    str or None
        The title.
    """
    tree = _parse(source)
    if tree is None:
        return None
    calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
    sets = bindings(tree)

    def bound_at(call: ast.Call) -> dict[str, str | None]:   # the variables as they are when the call runs
        return {**(bound or {}), **{name: model for at, name, model in sets if at < (call.lineno, call.col_offset)}}

    titles = [value for value in (_title_value(call, bound_at(call)) for call in calls) if value is not None]
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


INNER = {"„": "‚", "“": "‘", "”": "’"}  # a quotation inside a quotation: German „…‚…‘…“, English “…‘…’…”


def nest_quotes(text: str) -> str:
    """``text`` with its double quotation marks made single, for quoting it inside „…“ or “…”: the Journey's
    ladder title "Social Engagement Journey („Church of the Customer“)" becomes "… (‚Church of the Customer‘)"."""
    return text.translate(str.maketrans(INNER))


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
    alts, heading, bound = {}, "", {}
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            found = HEADING.findall("".join(cell.get("source", "")))
            heading = heading_text(found[-1]) if found else heading
            continue
        images = _images(cell) if cell["cell_type"] == "code" else []
        source = "".join(cell.get("source", "")) if cell["cell_type"] == "code" else ""
        title = code_title(source, bound) if len(images) == 1 else None
        if (tree := _parse(source)) is not None:
            bound.update((name, model) for _, name, model in bindings(tree))
        if not images:
            continue
        if title:
            alt = words["plot_alt_title"].format(title=nest_quotes(title))
        elif heading:
            alt = words["plot_alt_heading"].format(heading=nest_quotes(heading))
        else:
            raise BuildError(f"{name}, cell {i + 1}: a plot with no title in its code and no heading above it "
                             "has no alt text; give it a heading")
        alts[i] = words["plot_alt_table"].format(alt=alt) if _table_below(cells, i, images[0]) else alt
    return alts


def check_unique(alts: list[tuple[str, str]]) -> None:
    """Stop the build if two plots of the book share an alt text.

    Parameters
    ----------
    alts : list of tuple
        (where, alt text) of every plot of the book: the notebook's name and cell.

    Raises
    ------
    BuildError
        Naming both plots and the text.
    """
    seen: dict[str, str] = {}
    for where, alt in alts:
        if alt in seen:
            raise BuildError(f"{seen[alt]} and {where}: two plots with the same alt text {alt!r}, which a screen "
                             "reader cannot tell apart; give one a title in its code or a heading of its own")
        seen[alt] = where
