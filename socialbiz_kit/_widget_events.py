"""What the self-check form does on a click (private; the callbacks of :class:`socialbiz_kit.widgets.SelfCheck`).

Every callback runs under :func:`_safe`: an error becomes a message in the form's language, the form keeps
working, and the full traceback goes to the log ``socialbiz_kit.widgets``.
"""
from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator
from typing import Any

from .errors import SocialbizError
from .session import Session

_log = logging.getLogger("socialbiz_kit.widgets")


def _safe(method):
    """Run a callback so that any error becomes a message in the UI language and the form keeps working."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # a widget callback must never end in a traceback for the learner
            # ... but the lecturer or developer must be able to find it: the full traceback goes to the log
            _log.exception("self-check callback %s failed", method.__name__)
            if isinstance(exc, SocialbizError) and str(exc):
                text = self.session.t("error", message=str(exc).splitlines()[0])
            else:
                text = self.session.t("unexpected", kind=type(exc).__name__)
            with contextlib.suppress(Exception):  # the message below is shown in any case
                self._sync()  # show the session's state again, whatever half-done change the error left
            self._message(text, error=True)
            return None

    return run


class Callbacks:
    """The callbacks of :class:`~socialbiz_kit.widgets.SelfCheck`, which draws the form (a mixin: ``self`` is the
    form, with its ``session`` and widgets; the form draws with ``_sync``, ``_refresh``, ``_message`` and ``_ask``)."""

    session: Session
    upload: Any
    previous_upload: Any
    _quiet_depth: int

    # what the form draws with (SelfCheck has them)
    def _sync(self) -> None: ...

    def _refresh(self) -> None: ...

    def _message(self, text: str, *, error: bool = False, undo: bool = False) -> None: ...

    def _ask(self, question: str | None) -> None: ...

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """Set widget values from the session without treating them as the user's input."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1

    @property
    def _busy(self) -> bool:
        return self._quiet_depth > 0

    @_safe
    def _on_answer(self, item, change):
        if self._busy:
            return
        self.session.set_answer(item, change["new"])
        self._message("")
        self._refresh()

    @_safe
    def _on_organisation(self, change):
        if not self._busy:
            self.session.set_organisation(change["new"])
            self._refresh()

    @_safe
    def _on_assessor(self, change):
        if not self._busy:
            self.session.set_assessor(change["new"])
            self._refresh()

    @_safe
    def _on_lang(self, change):
        if not self._busy:
            self.session.set_lang(change["new"])
            self._ask(self.session.pending.question if self.session.pending else None)
            self._sync()

    def _discarding(self, action: str, value: str):
        had_answers = self.session.answered > 0
        pending = self.session.request(action, value)
        self._sync()  # with a question pending this puts the dropdown back on the current choice
        if pending is not None:
            self._ask(pending.question)
        else:
            self._ask(None)
            self._message(self.session.t("discarded") if had_answers else "", undo=had_answers)

    @_safe
    def _on_model(self, change):
        if not self._busy and change["new"] != self.session.model.id:
            self._discarding("model", change["new"])

    @_safe
    def _on_company(self, change):
        if not self._busy and change["new"] != self.session.sample:
            self._discarding("sample" if change["new"] else "blank", change["new"] or "")

    @_safe
    def _on_confirm(self, _button=None):
        self.session.confirm()
        self._ask(None)
        self._sync()
        self._message(self.session.t("discarded"), undo=True)

    @_safe
    def _on_cancel(self, _button=None):
        self.session.cancel()
        self._ask(None)

    @_safe
    def _on_undo(self, _button=None):
        self.session.undo()
        self._ask(None)
        self._sync()
        self._message(self.session.t("undone"))

    @_safe
    def _on_save(self, _button=None):
        saved, text = self.session.save()
        self._message(text)
        return saved

    @_safe
    def _on_upload(self, change):
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            text = self.session.load_file(upload["name"], bytes(upload["content"]))
        finally:
            with self._quiet():
                self.upload.value = ()  # the same file can be chosen again
        self._ask(None)
        self._sync()
        self._message(text, undo=True)


    @_safe
    def _on_previous(self, change):
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            text = self.session.load_previous(upload["name"], bytes(upload["content"]))
        finally:
            with self._quiet():
                self.previous_upload.value = ()  # the same file can be chosen again
        self._refresh()
        self._message(text)

    @_safe
    def _on_previous_clear(self, _button=None):
        self.session.clear_previous()
        self._refresh()
        self._message(self.session.t("previous_cleared"))
