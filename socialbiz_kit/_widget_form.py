"""The self-check form's widgets and their layout (private; the parts of :class:`socialbiz_kit.widgets.SelfCheck` that
make the form, each widget with its CSS class, and pass its events on to the callbacks).
"""
from __future__ import annotations

from ._widget_events import Callbacks
from ._widget_style import cascade

__all__ = ["Form"]


class Form(Callbacks):
    """The widgets of :class:`~socialbiz_kit.widgets.SelfCheck` (a mixin: ``self`` is the form with its ``session``;
    ``w`` is the ``ipywidgets`` module, imported when the form is made)."""

    def _make_widgets(self, w) -> None:
        """Every widget of the form, each with its CSS class (``sbk-…``, which the browser tests find it by)."""
        wide = {"description_width": "initial"}
        self.summary = w.HTML()
        self.style = w.HTML(f"<style>{cascade()}</style>")
        self.title = w.HTML()
        self.lang_choice = w.Dropdown(options=[("Deutsch", "de"), ("English", "en")], value=self.session.lang,
                                      style=wide, layout=w.Layout(width="auto"))
        self.model_choice = w.Dropdown(style=wide, layout=w.Layout(width="auto"))
        self.company_choice = w.Dropdown(style=wide, layout=w.Layout(width="auto"))
        self.organisation = w.Text(style=wide, continuous_update=True)
        self.assessor = w.Text(style=wide, continuous_update=True)
        self.confirm_text = w.HTML()
        self.confirm_yes = w.Button(button_style="warning")
        self.confirm_no = w.Button()
        self.confirm_box = w.HBox([self.confirm_text, self.confirm_yes, self.confirm_no],
                                  layout=w.Layout(display="none", flex_flow="row wrap", align_items="center"))
        self.message = w.HTML()
        self.undo_button = w.Button(icon="undo", layout=w.Layout(display="none"))
        self.progress = w.IntProgress(min=0, max=1, value=0)
        self.progress_text = w.HTML()
        self.items_box = w.VBox()
        self.announce = w.HTML()
        self.panel = w.HTML()
        self.downloads = w.HTML()
        self.save_button = w.Button(button_style="primary", icon="save")
        self.upload = w.FileUpload(accept=".csv,.xlsx", multiple=False)
        self.upload_hint = w.HTML()
        # an earlier assessment to compare with ("Damals und heute", socialbiz_kit.change); the answers stay
        self.previous_upload = w.FileUpload(accept=".csv,.xlsx", multiple=False)
        self.previous_hint = w.HTML()
        self.previous_clear = w.Button(layout=w.Layout(display="none"))
        for widget, css in ((self.summary, "sbk-summary"), (self.panel, "sbk-panel"), (self.message, "sbk-message"),
                            (self.downloads, "sbk-downloads"),
                            (self.company_choice, "sbk-company"), (self.lang_choice, "sbk-lang"),
                            (self.model_choice, "sbk-model"), (self.upload, "sbk-upload"),
                            (self.save_button, "sbk-save"), (self.organisation, "sbk-organisation"),
                            (self.assessor, "sbk-assessor"), (self.progress_text, "sbk-progress"),
                            (self.confirm_box, "sbk-confirm"), (self.confirm_yes, "sbk-confirm-yes"),
                            (self.confirm_no, "sbk-confirm-no"), (self.undo_button, "sbk-undo"),
                            (self.announce, "sbk-announce"), (self.previous_upload, "sbk-previous-upload"),
                            (self.previous_clear, "sbk-previous-clear")):
            widget.add_class(css)

    def _connect(self) -> None:
        """Pass the widgets' events on to the callbacks."""
        self.lang_choice.observe(self._on_lang, names="value")
        self.model_choice.observe(self._on_model, names="value")
        self.company_choice.observe(self._on_company, names="value")
        self.organisation.observe(self._on_organisation, names="value")
        self.assessor.observe(self._on_assessor, names="value")
        self.confirm_yes.on_click(self._on_confirm)
        self.confirm_no.on_click(self._on_cancel)
        self.undo_button.on_click(self._on_undo)
        self.save_button.on_click(self._on_save)
        self.upload.observe(self._on_upload, names="value")
        self.previous_upload.observe(self._on_previous, names="value")
        self.previous_clear.on_click(self._on_previous_clear)

    def _arrange(self, w, *, with_save: bool):
        """The form's layout: summary, choices, names, messages, statements beside the result, downloads, uploads."""
        actions = [self.downloads] + ([self.save_button] if with_save else [])
        left = w.VBox([self.progress_text, self.progress, self.items_box],
                      layout=w.Layout(flex="1 1 30em", min_width="18em"))
        right = w.VBox([self.announce, self.panel], layout=w.Layout(flex="1 1 22em", min_width="18em",
                                                                    padding="0 0 0 1em"))
        return w.VBox([
            self.summary, self.style, self.title,
            w.HBox([self.lang_choice, self.model_choice, self.company_choice], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.organisation, self.assessor], layout=w.Layout(flex_flow="row wrap")),
            self.confirm_box, w.HBox([self.message, self.undo_button], layout=w.Layout(align_items="center",
                                                                                      flex_flow="row wrap")),
            w.HBox([left, right], layout=w.Layout(flex_flow="row wrap", align_items="flex-start")),
            w.HBox(actions, layout=w.Layout(flex_flow="row wrap", align_items="center")),
            w.HBox([self.upload, self.upload_hint], layout=w.Layout(flex_flow="row wrap", align_items="center")),
            w.HBox([self.previous_upload, self.previous_hint, self.previous_clear],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
        ])
