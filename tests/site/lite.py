"""Driving a notebook in JupyterLite from Playwright (used by the site tests and `make bench`)."""
from __future__ import annotations

import json

OPENED = ("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
          " && window.jupyterapp.shell.currentWidget.context")

# JupyterLab's "Idle" shows before the Pyodide kernel is really up; a finished execution is the reliable signal.
KERNEL_UP = """async () => {
  const w = window.jupyterapp.shell.currentWidget;
  await w.context.ready; await w.sessionContext.ready;
  while (!(w.sessionContext.session && w.sessionContext.session.kernel)) await new Promise(r => setTimeout(r, 100));
  await w.sessionContext.session.kernel.requestExecute({code: 'pass'}).done;
}"""

RUN_ALL = """async () => {
  const app = window.jupyterapp, w = app.shell.currentWidget;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  const t = performance.now();
  await app.commands.execute('notebook:run-all-cells');
  const nb = w.context.model.toJSON(), errors = [], stderr = [];
  let code = 0, executed = 0;
  for (const cell of nb.cells) {
    // an empty code cell (the student copy empties the hidden tests) is never run by "Run All"
    if (cell.cell_type !== 'code' || ![].concat(cell.source).join('').trim()) continue;
    code++; if (cell.execution_count) executed++;
    for (const o of cell.outputs) {
      if (o.output_type === 'error') errors.push(o.ename + ': ' + o.evalue);
      if (o.output_type === 'stream' && o.name === 'stderr') stderr.push([].concat(o.text).join(''));
    }
  }
  return {code, executed, errors, stderr, ms: performance.now() - t};
}"""

EXECUTE = """async (code) => {
  const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  let out = '';
  const f = k.requestExecute({code});
  f.onIOPub = (m) => {
    if (m.header.msg_type === 'stream') out += m.content.text;
    if (m.header.msg_type === 'error') out += 'ERROR ' + m.content.ename + ': ' + m.content.evalue;
  };
  await f.done;
  return out;
}"""


def open_notebook(page, base: str, name: str, timeout_ms: int = 600_000) -> None:
    page.set_default_timeout(timeout_ms)
    page.goto(f"{base}lite/notebooks/index.html?path={name}")
    page.wait_for_function(OPENED)


def wait_for_kernel(page) -> None:
    page.evaluate(KERNEL_UP)


def run_all(page) -> dict:
    return page.evaluate(RUN_ALL)


def execute(page, code: str) -> str:
    return page.evaluate(EXECUTE, code)


STAGES_CODE = """
import json
import pandas as pd
from socialbiz_kit import datasets, load_model, scoring
_out = {}
for _m in ("altimeter", "cotc"):
    _r = scoring.score(datasets.load_dataset(f"sample_answers_{_m}"), load_model(_m))
    _out[_m] = {str(k): (None if pd.isna(v) else int(v)) for k, v in _r["stage"].items()}
print(json.dumps(_out, sort_keys=True))
"""


# JupyterLab 4.4's default windowing shows only the cells near the viewport (the others get display: none); the
# site turns windowing off (tools/build_site.py LITE_SETTINGS), and scrolling to a cell first works either way.
SCROLL_TO = """async (needle) => { const w = window.jupyterapp.shell.currentWidget;
  const i = w.content.widgets.findIndex(c => c.model.sharedModel.getSource().includes(needle));
  if (i < 0) return i;
  w.content.activeCellIndex = i; await w.content.scrollToItem(i, 'start'); return i; }"""


def scroll_to_cell(page, needle: str) -> int:
    return page.evaluate(SCROLL_TO, needle)


def python_stage(model: str, organisation: str, changed: dict | None = None) -> int:
    """One organisation's stage by the kit's scoring in this Python, optionally with some answers changed."""
    from socialbiz_kit import datasets, load_model, scoring

    answers = datasets.load_dataset(f"sample_answers_{model}")
    for item, value in (changed or {}).items():
        answers.loc[organisation, item] = value
    return int(scoring.score(answers, load_model(model)).loc[organisation, "stage"])


def python_index(model: str, organisation: str, changed: dict | None = None) -> str:
    """One organisation's index as the form shows it (German), optionally with some answers changed."""
    from socialbiz_kit import datasets, load_model, scoring, ui

    answers = datasets.load_dataset(f"sample_answers_{model}")
    for item, value in (changed or {}).items():
        answers.loc[organisation, item] = value
    return ui.number(float(scoring.score(answers, load_model(model)).loc[organisation, "index"]), lang="de")


def python_stages() -> dict:
    """The same numbers from the kit in this Python (the reference for the browser)."""
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        exec(STAGES_CODE, {})
    return json.loads(buf.getvalue())
