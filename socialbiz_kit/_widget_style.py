"""The self-check form's stylesheet and download links (private; used by :mod:`socialbiz_kit.widgets`)."""
from __future__ import annotations

import base64

from . import ui

# Layout rules the ipywidgets classes need on top of the kit's one stylesheet (render.CSS): statements
# wrap instead of being cut off, radio buttons flow in a row and wrap at 320 px, a drop-down with a long option
# (the Journey's full name) and the progress bar stay within the form. The summary line stays at the
# top of the notebook's view while the statements below it scroll by (position: sticky; the boxes that hold the
# form clip instead of scrolling, which sticky needs; where a browser lacks :has() it is simply the form's
# first line).
_WIDGET_CSS = """
.sbk-form .sbk-item{flex-direction:column;align-items:flex-start;width:100%;margin:.5em 0 .9em 0;height:auto}
.sbk-form .sbk-item>.widget-label{white-space:normal;width:auto!important;max-width:100%;height:auto!important;
line-height:1.4!important;overflow:visible;text-overflow:clip;margin-bottom:.3em}
.sbk-form .widget-html-content{line-height:1.4}
.sbk-form .sbk-announce .sbk-sentence{font-size:1.05em}
.sbk-form .sbk-item .widget-radio-box{flex-direction:row;flex-wrap:wrap;gap:.1em 1.1em;margin:0!important}
.sbk-form .sbk-item .widget-radio-box label{white-space:nowrap;height:auto;line-height:1.8}
.sbk-form .widget-label{color:#1d2b36}
.sbk-form h2{margin:.3em 0}.sbk-form h3.sbk-stagehead{margin:1em 0 .2em;font-size:1.05em}
.sbk-form .widget-dropdown,.sbk-form .widget-dropdown>select{min-width:0;max-width:100%}
.sbk-form .widget-hprogress{min-width:0;max-width:calc(100% - 2 * var(--jp-widgets-margin, 2px))}
.jupyter-widgets.widget-box.sbk-form{overflow:visible;min-width:0}
.jp-OutputArea:has(.sbk-form),.jp-OutputArea-child:has(.sbk-form),.jp-OutputArea-output:has(>.sbk-form){overflow:clip;
min-width:0}
.sbk-form>.sbk-summary{position:sticky;top:0;z-index:5;height:auto;margin:0 0 .4em 0;padding:.3em .5em;
background:var(--jp-layout-color0,#fff);border-bottom:2px solid #1c6fc4;box-shadow:0 2px 3px rgba(0,0,0,.12)}
.sbk-form>.sbk-summary .widget-html-content{white-space:normal}
"""


def cascade() -> str:
    """The style sheet of the self-check: the kit's CSS and the widget's own."""
    from .render import CSS

    return CSS + _WIDGET_CSS


def data_link(content: bytes, filename: str, mime: str, label: str, css: str) -> str:
    """A download link that carries ``content`` in itself (a ``data:`` address), escaped."""
    payload = base64.b64encode(content).decode("ascii")
    return (f'<a class="{css}" download="{ui.escape(filename)}" href="data:{mime};base64,{payload}">'
            f'{ui.escape(label)}</a>')
