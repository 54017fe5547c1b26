"""Plot helpers (matplotlib / seaborn), imported only when a plot is asked for.

Every function takes its data first, then keyword-only options, draws on ``ax`` (a new
figure when ``ax=None``) and returns the Axes. Nothing is changed at import time: call
:func:`set_theme` if you want the kit's look. Strict nbval does not compare images, so the
notebooks show the numbers behind each plot as a table next to it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import ui
from ._compat import deprecated
from ._inputs import need_frame
from ._lang import check_lang
from .display import header as display_header
from .errors import SettingError
from .models import Model, load_model

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["set_theme", "ladder", "stage_profile", "heatmap", "stage_counts"]

def _t(key: str, lang: str, **fmt) -> str:
    return ui.text(f"plot.{key}", lang=lang, **fmt)


def _numbers_for(ax: Axes, lang: str, *, axis: str = "y", decimals: int = 1) -> None:
    """Tick labels with the language's decimal sign (0,5 in German)."""
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: ui.number(v, lang=lang, decimals=0 if float(v).is_integer() else decimals))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def set_theme() -> None:
    """Apply the kit's seaborn theme (an explicit call; importing the kit changes nothing)."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", palette="crest")


def ladder(model: Model | str, *, lang: str = "de", highlight: int | None = None, ax: Axes | None = None) -> Axes:
    """Draw a model's stages as a rising staircase, one step per stage.

    Parameters
    ----------
    model : Model or str
        A model or the name of a bundled one.
    lang : {"de", "en"}
        Language of the labels.
    highlight : int, optional
        Stage number to emphasise (for example the stage an organisation reached).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import seaborn as sns

    model = load_model(model)
    check_lang(lang)
    n = model.n_stages
    ax = _axes(ax, (9, 0.6 + 0.55 * n))
    colors = sns.color_palette("crest", n)
    for i, stage in enumerate(model.stages):
        face = colors[i] if highlight in (None, stage.number) else (0.85, 0.85, 0.85)
        ax.bar(i, stage.number, width=0.95, color=face, edgecolor="white")
        ax.text(i, stage.number - 0.15, f"{stage.number}", ha="center", va="top", color="white", fontweight="bold")
        label = stage.name.get(lang)
        ax.text(i, stage.number + 0.12, label, ha="center", va="bottom", fontsize=9, rotation=0 if n <= 6 else 30)
    for group in model.groups:
        lo, hi = min(group.stages) - 1, max(group.stages) - 1
        ax.annotate("", xy=(lo - 0.45, -0.35), xytext=(hi + 0.45, -0.35),
                    arrowprops={"arrowstyle": "-", "color": "0.4"}, annotation_clip=False)
        ax.text((lo + hi) / 2, -0.55, group.name.get(lang), ha="center", va="top", fontsize=8, color="0.3")
        if group.reading == "german_summary":  # the split is the German summary's, not Altimeter's: say so
            ax.text((lo + hi) / 2, -0.95, _t("german_summary_reading", lang), ha="center", va="top", fontsize=7,
                    color="0.4", style="italic")
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(0, n + 1)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(ladder_title(model, lang=lang))
    return ax


def ladder_title(model: Model | str, *, lang: str = "de") -> str:
    """The title :func:`ladder` gives its figure; the course site names the plot by it (tools/site_build/alt.py).

    Parameters
    ----------
    model, lang
        As for :func:`ladder`.

    Returns
    -------
    str
        The title, e.g. "Stufen: Altimeter".

    Raises
    ------
    ModelFileError, SettingError
        As :func:`ladder` does.
    """
    check_lang(lang)
    return _t("ladder", lang, name=load_model(model).short_name.get(lang))


def stage_profile(data, model: Model | str, *, threshold: float | None = None, lang: str = "de",
                  hue: str | None = None, ax: Axes | None = None) -> Axes:
    """Fulfilment per stage as bars, optionally one colour per organisation (``hue``).

    ``data`` is a long table with the columns ``stage`` (number), ``fulfilment`` (0..1) and,
    with ``hue``, that column; :func:`socialbiz_kit.scoring.profile_long` makes it from a result.

    Parameters
    ----------
    data : DataFrame
        Long: ``stage``, ``fulfilment`` and, with ``hue``, that column.
    model : Model or str
        A model, or the name of a bundled one (:func:`~socialbiz_kit.models.list_models`) or the path of a model file.
    threshold : float, optional
        Draws the threshold line when given.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    hue : str, optional
        Column giving one colour per organisation.
    ax : matplotlib Axes, optional
        Where to draw; the current Axes of a new figure when not given.

    Returns
    -------
    Axes
        The Axes drawn on.

    Raises
    ------
    ModelFileError
        If the model is neither a bundled model's name nor a model file that can be read and passes the schema
        check.
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import seaborn as sns

    model = load_model(model)
    check_lang(lang)
    ax = _axes(ax, (8, 4))
    names = {s.number: f"{s.number} {s.name.get(lang)}" for s in model.stages}
    plot = data.assign(_stage=data["stage"].map(names))
    order = [names[s.number] for s in model.stages if s.number in set(data["stage"])]
    sns.barplot(data=plot, x="_stage", y="fulfilment", hue=hue, order=order, ax=ax, errorbar=None)
    if threshold is not None:
        ax.axhline(threshold, color="0.3", linestyle="--", linewidth=1, label=_t("threshold", lang))
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(_t("stage", lang))
    ax.set_ylabel(_t("fulfilment", lang))
    _numbers_for(ax, lang)
    ax.tick_params(axis="x", labelrotation=20)
    return ax


def heatmap(table, *, title: str = "", decimals: int = 2, lang: str = "de", cmap: str = "crest",
            vmin: float | None = None, vmax: float | None = None, ax: Axes | None = None,
            fmt: str | None = None) -> Axes:
    """A labelled heatmap of a numeric DataFrame (rows x columns), values written in the cells
    with the language's decimal sign (``decimals`` places).

    Parameters
    ----------
    table : DataFrame
        Numbers, rows × columns.
    title : str, default ""
        Title above the heatmap.
    decimals : int, default 2
        Decimals of the numbers shown.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    cmap : str, default "crest"
        A matplotlib or seaborn colour map.
    vmin : float, optional
        Lower end of the colour scale.
    vmax : float, optional
        Upper end of the colour scale.
    ax : matplotlib Axes, optional
        Where to draw; the current Axes of a new figure when not given.
    fmt : str, optional
        Deprecated (removed after 2027-06-30): write ``decimals=``. A format such as ``".0f"`` is read as
        ``decimals=0``, with a DeprecationWarning.

    Returns
    -------
    Axes
        The Axes drawn on.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``, or ``fmt`` is not a format such as ``".0f"``.
    InputDataError
        If ``table`` is not a DataFrame.
    """
    import seaborn as sns

    check_lang(lang)
    need_frame(table, "table")
    if fmt is not None:
        decimals = _fmt_decimals(fmt)
    values = table.astype(float)
    labels = values.map(lambda v: ui.number(v, lang=lang, decimals=decimals))
    ax = _axes(ax, (1.2 + 1.1 * table.shape[1], 0.8 + 0.55 * table.shape[0]))
    sns.heatmap(values, annot=labels.to_numpy(), fmt="", cmap=cmap, vmin=vmin, vmax=vmax, cbar=False,
                linewidths=0.5, ax=ax)
    ax.set_title(title)
    return ax


def _fmt_decimals(fmt) -> int:
    """The decimals of an old ``heatmap(fmt=".Nf")`` (a DeprecationWarning), or a SettingError."""
    digits = fmt.strip(".f") if isinstance(fmt, str) else None
    if digits is None or not (digits == "" or digits.isdigit()):
        raise SettingError(f"fmt must be a format such as '.0f' or '.2f' (got {fmt!r}); write decimals= instead",
                           code="errors.fmt_decimals", value=fmt)
    decimals = int(digits or 0)
    deprecated(f"heatmap(): fmt={fmt!r} is decimals={decimals}; fmt=", stacklevel=4)
    return decimals


def stage_counts(data, *, x: str, hue: str | None = None, lang: str = "de", ax: Axes | None = None) -> Axes:
    """Bar chart of how many rows fall on each value of ``x`` (for example the reached stage).

    Parameters
    ----------
    data : DataFrame
        One row per organisation.
    x : str
        The column counted (e.g. ``stage``).
    hue : str, optional
        A column splitting the bars by colour.
    lang : {"de", "en"}, default "de"
        Language of the words, labels and numbers.
    ax : matplotlib Axes, optional
        Where to draw; the current Axes of a new figure when not given.

    Returns
    -------
    Axes
        The Axes drawn on.

    Raises
    ------
    SettingError
        If ``lang`` is not ``"de"`` or ``"en"``.
    """
    import seaborn as sns

    check_lang(lang)
    ax = _axes(ax, (7, 3.5))
    sns.countplot(data=data, x=x, hue=hue, ax=ax)
    ax.set_ylabel(_t("count", lang))
    ax.set_xlabel(display_header(x, lang=lang))
    legend = ax.get_legend()
    if hue is not None and legend is not None:
        legend.set_title(display_header(hue, lang=lang))
    return ax
