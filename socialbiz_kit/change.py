"""Then and now: two assessments of the same model side by side.

The rule (the self-check page's JavaScript follows it, a parity test keeps the two equal):

* both assessments are scored with the same threshold and rule;
* a statement is *better* when its answer rose, *worse* when it fell; a statement answered only once, or
  "weiß nicht" in either, counts as neither (it is listed as not comparable);
* the sentence reads "Seit dem 12.10.2026: vorher Stufe 2, jetzt Stufe 3; 5 Aussagen besser, 1 schlechter." (without a date of the
  earlier assessment: "Seit der letzten Einschätzung: …").

Examples
--------
>>> from socialbiz_kit.datasets import load_dataset
>>> answers = load_dataset("sample_answers_altimeter")
>>> c = compare_assessments(answers.loc["lindner"], answers.loc["alpenblick"], "altimeter", previous_date="2026-10-12")
>>> c.stage_before, c.stage_after
(2, 3)
>>> c.sentence(lang="de").startswith("Seit dem 12.10.2026: vorher Stufe 2, jetzt Stufe 3;")
True
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import ui
from ._compat import keyword_lang
from ._lang import check_lang
from .errors import InputDataError
from .models import Model, load_model
from .scoring import DEFAULT_RULE, DEFAULT_THRESHOLD, check_settings

__all__ = ["Change", "compare_assessments", "assessment_date"]


@dataclass(frozen=True)
class Change:
    """Two assessments of one model compared (see the module's rule)."""

    model: Model
    stage_before: int
    stage_after: int
    index_before: float
    index_after: float
    fulfilment_before: tuple[float, ...]
    fulfilment_after: tuple[float, ...]
    better: tuple[str, ...]
    worse: tuple[str, ...]
    not_comparable: tuple[str, ...]
    previous_date: str | None = None

    @keyword_lang("lang")
    def sentence(self, *, lang: str = "de") -> str:
        """The change in one sentence, in ``lang``.

        Parameters
        ----------
        lang : {"de", "en"}

        Returns
        -------
        str

        Raises
        ------
        SettingError
            If ``lang`` is not ``"de"`` or ``"en"``.
        """
        check_lang(lang)
        since = (ui.text("change.since_date", lang=lang, date=ui.date(self.previous_date, lang=lang)) if self.previous_date
                 else ui.text("change.since_last", lang=lang))
        better = ui.text("change.better", lang=lang, count=len(self.better))
        worse = ui.text("change.worse", lang=lang, count=len(self.worse))
        if self.stage_before and self.stage_after:
            return ui.text("change.sentence", lang=lang, since=since, before=self.stage_before, after=self.stage_after,
                           better=better, worse=worse)

        def stage(n: int) -> str:  # stage 0 is "no stage reached", not a stage called 0
            return ui.text("change.stage_n", lang=lang, stage=n) if n else ui.text("change.stage_none", lang=lang)

        return ui.text("change.sentence_open", lang=lang, since=since, before=stage(self.stage_before),
                       after=stage(self.stage_after), better=better, worse=worse)

    @keyword_lang("lang")
    def table(self, *, lang: str = "de"):
        """Each stage's fulfilment before and after (a DataFrame with German or English headers).

        Parameters
        ----------
        lang : {"de", "en"}

        Returns
        -------
        DataFrame
            Index: the stage names; columns: before, after.

        Raises
        ------
        SettingError
            If ``lang`` is not ``"de"`` or ``"en"``.
        """
        import pandas as pd

        check_lang(lang)
        names = [f"{s.number} {s.name.get(lang)}" for s in self.model.stages]
        return pd.DataFrame({ui.text("change.before", lang=lang): self.fulfilment_before,
                             ui.text("change.after", lang=lang): self.fulfilment_after},
                            index=pd.Index(names, name=ui.text("common.stage", lang=lang)))


def assessment_date(values: Any) -> str | None:
    """The ISO date (``2026-10-12``) in an assessment's ``date`` value, or None when it has none or another form.

    Parameters
    ----------
    values : mapping or Series
        One assessment's answers and metadata.

    Returns
    -------
    str or None
        The date as ``YYYY-MM-DD``.

    Examples
    --------
    >>> assessment_date({"date": "2026-10-12"}), assessment_date({"date": "12.10.2026"}), assessment_date({})
    ('2026-10-12', None, None)
    """
    import datetime as dt

    value = values.get("date") if hasattr(values, "get") else None
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def _answers(values: Any, model: Model, which: str) -> dict[str, float | None]:
    import pandas as pd

    if not isinstance(values, (Mapping, pd.Series)):
        raise InputDataError(f"the {which} assessment must be a mapping of item id to answer or a table row, "
                             f"got {type(values).__name__}", code="errors.answers_mapping", got=type(values).__name__)
    out: dict[str, float | None] = {}
    for item in model.item_ids:
        v = values.get(item)
        out[item] = None if v is None or pd.isna(v) else float(v)
    return out


def compare_assessments(previous: Any, current: Any, model: Model | str, *, previous_date: str | None = None,
                        threshold: float = DEFAULT_THRESHOLD, rule: str = DEFAULT_RULE) -> Change:
    """Compare an earlier and a current assessment of the same model.

    Parameters
    ----------
    previous, current : mapping or Series
        Item id -> answer (NaN or None = not answered / "weiß nicht").
    model : Model or str
    previous_date : str, optional
        The date of the earlier assessment (ISO ``2026-10-12``), for the sentence.
    threshold : float, default 0.75
    rule : str, default :data:`~socialbiz_kit.scoring.DEFAULT_RULE`

    Returns
    -------
    Change

    Raises
    ------
    InputDataError
        When an assessment is not a mapping, or an answer is not on the scale.
    SettingError
        For a threshold or rule out of range.
    """
    import pandas as pd

    from .scoring import score

    model = load_model(model)
    check_settings(threshold, rule)
    before, after = _answers(previous, model, "earlier"), _answers(current, model, "current")
    frame = pd.DataFrame([before, after], index=["before", "after"], dtype=float)
    scored = score(frame, model, threshold=threshold, rule=rule, keep_answers=False)
    cols = [f"fulfilment_{s.number}" for s in model.stages]
    better, worse, other = [], [], []
    for item in model.item_ids:
        a, b = before[item], after[item]
        if a is None or b is None:
            if a is not None or b is not None:
                other.append(item)
        elif b > a:
            better.append(item)
        elif b < a:
            worse.append(item)
    return Change(model=model, stage_before=int(scored.loc["before", "stage"]),
                  stage_after=int(scored.loc["after", "stage"]), index_before=float(scored.loc["before", "index"]),
                  index_after=float(scored.loc["after", "index"]),
                  fulfilment_before=tuple(float(v) for v in scored.loc["before", cols]),
                  fulfilment_after=tuple(float(v) for v in scored.loc["after", cols]),
                  better=tuple(better), worse=tuple(worse), not_comparable=tuple(other),
                  previous_date=previous_date)
