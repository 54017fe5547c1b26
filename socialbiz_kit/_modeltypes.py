"""The parts of a maturity model as frozen dataclasses (private; the public names live in :mod:`~socialbiz_kit.models`).

Lowest layer of the model files: nothing here reads a file or checks a value. :mod:`._modelcheck` builds these
from parsed YAML, :mod:`._modelfiles` loads them, :mod:`.frames` turns them into tables and cards.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._compat import keyword_lang
from ._lang import check_lang
from ._yaml import Text
from .errors import NotFoundError
from .literature import Reference

__all__ = ["Text", "Source", "Statement", "Recommendation", "ORIGINS", "MAX_SCALE_SPAN", "Group", "Dimension",
           "ScalePoint", "Example", "Item", "Stage", "Model", "stages_table", "items_table"]


Source = Reference  # a model's source is an entry of the literature list (data/literature.yaml)

ORIGINS = ("source", "adapted", "kit", "author")
"""Whose statement a text is: the model's ``source``, the ``kit``'s own reading, or the ``author`` of a model
file of your own (what older files wrote as ``next_steps``)."""


MAX_SCALE_SPAN = 10_000
"""Largest answer value (in size) and widest span of an answer scale (a 0-100 scale is far inside)."""

@dataclass(frozen=True)
class Statement:
    """A statement about a model or stage with its origin: ``source`` (with the ids it rests on) or ``kit``."""

    text: Text
    origin: str
    source: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """An improvement measure: what to do, whose advice it is, which items it addresses, effort and effect (1-3).

    ``stage`` is the stage it is written for (the organisation's current stage; 0 for "no stage reached").
    """

    id: str
    stage: int
    text: Text
    origin: str
    items: tuple[str, ...] = ()
    effort: int | None = None
    effect: int | None = None
    source: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """A grouping of stages that a source makes (``reading`` says whose reading it is)."""

    id: str
    stages: tuple[int, ...]
    name: Text
    reading: str


@dataclass(frozen=True)
class Dimension:
    """An area of change along which items are written (Ant's Eye View's five areas)."""

    id: str
    name: Text


@dataclass(frozen=True)
class ScalePoint:
    value: int
    fulfilment: float
    label: Text


@dataclass(frozen=True)
class Example:
    """An example from the sources; ``source`` holds literature ids (or, in a file of your own, a free text)."""

    text: Text
    source: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One observable statement of the self-check, answered on the model's scale."""

    id: str
    stage: int
    text: Text
    area: str | None = None
    anchor: Text | None = None


@dataclass(frozen=True)
class Change:
    """What changed in the instrument from version ``since`` to ``version``: statements reworded, added, removed
    (item ids). A self-check page uses it to carry answers saved under an earlier version over to this one."""
    since: str
    version: str
    reworded: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stage:
    id: str
    number: int
    name: Text
    tagline: Text
    tagline_origin: str
    summary: Text
    characteristics: tuple[Text, ...]
    items: tuple[Item, ...]
    recommendations: tuple[Recommendation, ...]
    examples: tuple[Example, ...] = ()
    group: str | None = None
    german_summary_name: str | None = None
    readings: tuple[Statement, ...] = ()

    @property
    def next_steps(self) -> tuple[Text, ...]:
        """The texts of this stage's recommendations (what an organisation at this stage does next)."""
        return tuple(r.text for r in self.recommendations)


@dataclass(frozen=True)
class Model:
    id: str
    version: str
    name: Text
    short_name: Text
    authors: tuple[str, ...]
    year: int
    sources: tuple[Source, ...]
    description: Text
    baseline_stage: bool
    scale: tuple[ScalePoint, ...]
    stages: tuple[Stage, ...]
    groups: tuple[Group, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    instructions: Text | None = None
    readings: tuple[Statement, ...] = ()
    start: tuple[Recommendation, ...] = ()
    changes: tuple[Change, ...] = ()
    path: str = ""

    def __repr__(self) -> str:
        return f"<Model {self.id!r} v{self.version}: {len(self.stages)} stages, {len(self.items)} items>"

    @property
    def items(self) -> tuple[Item, ...]:
        """All items of the instrument, stage by stage."""
        return tuple(item for stage in self.stages for item in stage.items)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def n_stages(self) -> int:
        return len(self.stages)

    @property
    def lowest_stage(self) -> int:
        """The stage every organisation is at least at: 1 for a model with a baseline stage, else 0."""
        return 1 if self.baseline_stage else 0

    def changed_since(self, version: str) -> tuple[str, ...] | None:
        """The item ids whose answers do not carry over from ``version`` to this one (reworded or added since),
        following :attr:`changes` from ``version`` to :attr:`version`; ``None`` when no chain of changes leads
        there (every answer is then open again).

        >>> from socialbiz_kit.models import load_model
        >>> "engagement_6" in load_model("altimeter").changed_since("3.0")
        True
        >>> load_model("altimeter").changed_since("1.0") is None
        True

        Parameters
        ----------
        version : str
            An earlier version of this model.

        Returns
        -------
        tuple of str or None
            The item ids whose answers do not carry over, or None when no chain of changes leads there.
        """
        chain = self._chain(version)
        if chain is None:
            return None
        out = {i for c in chain for i in (*c.reworded, *c.added)}
        return tuple(i for i in self.item_ids if i in out)

    def items_of(self, version: str) -> tuple[str, ...] | None:
        """The item ids of an earlier ``version`` in their order, where :attr:`changes` say it: this version's items
        without those added since; ``None`` when no chain leads there or a statement was removed (its place in the
        old order is not recorded).

        >>> from socialbiz_kit.models import load_model
        >>> len(load_model("altimeter").items_of("3.0"))
        32

        Parameters
        ----------
        version : str
            An earlier version of this model.

        Returns
        -------
        tuple of str or None
            The item ids of that version in their order, or None when it cannot be said.
        """
        chain = self._chain(version)
        if chain is None or any(c.removed for c in chain):
            return None
        added = {i for c in chain for i in c.added}
        return tuple(i for i in self.item_ids if i not in added)

    def _chain(self, version: str) -> list[Change] | None:
        step, chain = version, list[Change]()
        while step != self.version:
            nxt = next((c for c in self.changes if c.since == step), None)
            if nxt is None or len(chain) > len(self.changes):
                return None
            chain.append(nxt)
            step = nxt.version
        return chain

    @property
    def scored_stages(self) -> tuple[Stage, ...]:
        """The stages that carry items (all but a baseline stage)."""
        return tuple(s for s in self.stages if s.items)

    def stage(self, key: int | str) -> Stage:
        """The stage with this number or id; ``KeyError`` naming the known ones otherwise.

        Parameters
        ----------
        key : int or str
            The stage's number or id.

        Returns
        -------
        Stage
            The stage.

        Raises
        ------
        NotFoundError
            If the model has no stage of that number or id.
        """
        for s in self.stages:
            if s.number == key or s.id == key:
                return s
        known = ", ".join(f"{s.number}/{s.id}" for s in self.stages)
        raise NotFoundError(f"model {self.id!r} has no stage {key!r}; stages: {known}", code="errors.no_stage",
                            model=self.id, stage=key, known=known)

    @property
    def recommendations(self) -> tuple[Recommendation, ...]:
        """Every recommendation: ``start`` (no stage reached) first, then stage by stage."""
        return self.start + tuple(r for s in self.stages for r in s.recommendations)

    def recommendations_at(self, stage: int) -> tuple[Recommendation, ...]:
        """The recommendations written for an organisation at ``stage`` (0: no stage reached, ``start``).

        Parameters
        ----------
        stage : int
            A stage number, or 0 for no stage reached.

        Returns
        -------
        tuple of Recommendation
            The recommendations, in model order.

        Raises
        ------
        NotFoundError
            If the model has no stage of that number or id.
        """
        return self.start if stage == 0 else self.stage(stage).recommendations

    def recommendations_for(self, item_id: str) -> tuple[Recommendation, ...]:
        """The recommendations that address one item, in model order.

        Parameters
        ----------
        item_id : str
            An item id of the model.

        Returns
        -------
        tuple of Recommendation
            The recommendations that address the item, in model order (empty when none does).
        """
        return tuple(r for r in self.recommendations if item_id in r.items)

    def scale_map(self) -> dict[int, float]:
        """Answer value -> fulfilment (0..1).

        Returns
        -------
        dict of int to float
            Each answer value's fulfilment, between 0 and 1.
        """
        return {p.value: p.fulfilment for p in self.scale}

    @keyword_lang("lang")
    def stages_frame(self, *, lang: str = "de"):
        """One row per stage: the same as :func:`~socialbiz_kit.frames.stages_frame` for this model.

        Parameters
        ----------
        lang : {"de", "en"}, default "de"
            Language of the names and column labels.

        Returns
        -------
        DataFrame
            One row per stage.

        Raises
        ------
        SettingError
            If ``lang`` is not ``"de"`` or ``"en"``.
        """
        return stages_table(self, check_lang(lang))

    @keyword_lang("lang")
    def items_frame(self, *, lang: str = "de"):
        """One row per statement: the same as :func:`~socialbiz_kit.frames.items_frame` for this model.

        Parameters
        ----------
        lang : {"de", "en"}, default "de"
            Language of the texts and column labels.

        Returns
        -------
        DataFrame
            One row per statement.

        Raises
        ------
        SettingError
            If ``lang`` is not ``"de"`` or ``"en"``.
        """
        return items_table(self, check_lang(lang))


def stages_table(model: Model, lang: str):
    """One row per stage (the body of :func:`~socialbiz_kit.frames.stages_frame`; ``lang`` already checked)."""
    import pandas as pd

    groups = {g.id: g.name.get(lang) for g in model.groups}
    rows = [
        {
            "number": s.number,
            "id": s.id,
            "name": s.name.get(lang),
            "original_name": s.name.en,
            "german_summary_name": s.german_summary_name or "",
            "tagline": s.tagline.get(lang),
            "group": groups.get(s.group, "") if s.group else "",
            "summary": s.summary.get(lang),
            "characteristics": "; ".join(c.get(lang) for c in s.characteristics),
            "n_items": len(s.items),
        }
        for s in model.stages
    ]
    return pd.DataFrame(rows)


def items_table(model: Model, lang: str):
    """One row per item (the body of :func:`~socialbiz_kit.frames.items_frame`; ``lang`` already checked)."""
    import pandas as pd

    areas = {d.id: d.name.get(lang) for d in model.dimensions}
    rows = [
        {
            "id": it.id,
            "stage": it.stage,
            "stage_name": model.stage(it.stage).name.get(lang),
            "area": areas.get(it.area, "") if it.area else "",
            "text": it.text.get(lang),
            "anchor": it.anchor.get(lang) if it.anchor else "",
        }
        for it in model.items
    ]
    return pd.DataFrame(rows, columns=["id", "stage", "stage_name", "area", "text", "anchor"])
