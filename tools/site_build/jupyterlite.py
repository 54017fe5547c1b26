"""The JupyterLite part of the site: the edition's notebooks as JupyterLite serves them, the phone CSS extension,
the settings, the build itself and the German of the notebook view.

Part of ``tools/build_site.py`` (``make site``), which re-exports every name.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

from .common import KERNEL_PRELOAD, ROOT, SITE_SRC, BuildError, edition_notebook, notebooks, run, site_words


def lite_notebook(src: Path, dst: Path, note: str | None = None, edition: str = "student") -> None:
    """The notebook as a Jupyter server would hand it to JupyterLab: multi-line texts joined into strings.

    A committed .ipynb keeps texts as lists of lines; JupyterLite serves the file as it is, and JupyterLab 4.4's
    table of contents then fails on list-valued text/markdown outputs (console errors at every cell change).
    """
    import nbformat
    from nbformat.v4.rwbase import rejoin_lines

    nb = rejoin_lines(edition_notebook(src, edition))
    if note:   # first, where it is seen before anything runs: what of this notebook the browser cannot run
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(note, id="sbk-browser-note"))
    dst.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def not_in_browser(precompiled: dict) -> dict[str, dict[str, str]]:
    """Notebook file name -> {"package", "section"}: what the site's Pyodide lacks, and the section whose code first
    needs it (the build's workload ran the code cells before it)."""
    found = {}
    for name, r in precompiled["notebooks"].items():
        if r["missing"]:
            cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
            code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
            section = ""
            for c in cells[:code[r["ran"]] + 1]:
                text = "".join(c["source"]) if c["cell_type"] == "markdown" else ""
                section = next((line.lstrip("#").strip() for line in text.splitlines()
                                if re.match(r"#{1,3} ", line)), section)
            found[f"{name}.ipynb"] = {"package": r["missing"], "section": section}
    return found


def browser_hint(where: dict[str, str], lang: str = "de") -> str:
    """The hint on a notebook the browser runs only in part (book page and JupyterLite copy)."""
    from socialbiz_kit import ui

    return ui.words("site", lang=lang)["not_in_browser_hint"].format(**where)


def lite_contents(contents: Path, partial: dict[str, dict[str, str]], edition: str = "student") -> None:
    """The notebooks JupyterLite serves, in the edition's form, with the note where the browser runs one in part."""
    if contents.exists():
        shutil.rmtree(contents)
    contents.mkdir(parents=True)
    w = site_words("de", edition)
    for nb in notebooks():
        note = None
        if nb.name in partial:
            note = w["not_in_browser_note"].format(label=w["partial_label"], hint=browser_hint(partial[nb.name]))
        lite_notebook(nb, contents / nb.name, note, edition)


# The kit's CSS for JupyterLite's notebook view on a phone (site/lite/phone.css), shipped the way JupyterLite
# documents for CSS: a prebuilt ("federated") extension whose package.json names a style module
# (jupyterlab._build.style), passed to `jupyter lite build` in LiteBuildConfig.federated_extensions. A style-only
# extension needs no bundler: its entry file is the small module container JupyterLite loads (init, get), and
# the "./style" module adds the CSS as a <style> element - before the app starts (JupyterLite awaits every
# extension's style first), so the notebook shell sizes its menu area by these rules from the first layout.
PHONE_CSS_EXT = "socialbiz-lite-phone"
# JupyterLite's settings overrides (overrides.json in the lite folder; the build puts them into jupyter-lite.json)
LITE_SETTINGS = {"@jupyterlab/translation-extension:plugin": {"locale": "de_DE"},
                 "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
_CONTAINER_JS = """// {name}: the kit's CSS for JupyterLite's notebook view on a phone (made by tools/build_site.py
// from site/lite/phone.css). A style-only prebuilt extension: JupyterLite loads this file, calls init() and
// then the factory of the module "./style", which adds the CSS.
(function () {{
  var css = {css};
  window._JUPYTERLAB = window._JUPYTERLAB || {{}};
  window._JUPYTERLAB[{name_js}] = {{
    init: function () {{ return Promise.resolve(); }},
    get: function (module) {{
      if (module !== "./style") {{
        return Promise.reject(new Error({name_js} + " has no module " + module));
      }}
      return Promise.resolve(function () {{
        var style = document.createElement("style");
        style.setAttribute("data-extension", {name_js});
        style.textContent = css;
        document.head.appendChild(style);
        return {{}};
      }});
    }}
  }};
}})();
"""


def phone_css_extension(work: Path) -> Path:
    """The folder of the style-only extension (package.json and its entry file), made from site/lite/phone.css."""
    from socialbiz_kit import __version__

    css = (SITE_SRC / "lite" / "phone.css").read_text(encoding="utf-8")
    folder = work / "lite-extensions" / PHONE_CSS_EXT
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "static").mkdir(parents=True)
    js = _CONTAINER_JS.format(name=PHONE_CSS_EXT, name_js=json.dumps(PHONE_CSS_EXT), css=json.dumps(css))
    entry = f"static/remoteEntry.{hashlib.sha256(js.encode()).hexdigest()[:20]}.js"
    (folder / entry).write_text(js, encoding="utf-8")
    package = {"name": PHONE_CSS_EXT, "version": __version__, "private": True, "license": "MIT",
               "description": "The socialbiz-kit course site's CSS for JupyterLite's notebook view on a phone",
               "jupyterlab": {"_build": {"load": entry, "style": "./style"}}}
    (folder / "package.json").write_text(json.dumps(package, indent=1) + "\n", encoding="utf-8")
    return folder


def build_lite(venv_bin: Path, work: Path, out: Path, cache: Path, partial: dict[str, dict[str, str]],
               edition: str = "student") -> None:
    """JupyterLite into ``out``: the edition's notebooks, the kit's settings and phone CSS, the site's own Pyodide
    (made by build_pyodide in ``work``); then checked (:func:`_check_lite`)."""
    lite_src = work / "lite-src"
    contents = work / "lite-contents"
    lite_contents(contents, partial, edition)
    kernel_wheels = work / "lite-piplite"
    if kernel_wheels.exists():
        shutil.rmtree(kernel_wheels)
    kernel_wheels.mkdir()
    # The Pyodide kernel 0.6.1 installs comm at start-up through piplite: without a local wheel it would ask
    # PyPI (and hang when that is blocked).
    for path in (cache / "wheels").glob("comm-*.whl"):
        shutil.copy2(path, kernel_wheels / path.name)
    _write_settings(lite_src, work, kernel_wheels)
    for stale in (lite_src / "_output", lite_src / ".jupyterlite.doit.db"):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    if out.exists():
        shutil.rmtree(out)
    run([venv_bin / "jupyter", "lite", "build", "--lite-dir", lite_src, "--contents", contents,
         "--output-dir", out], cwd=lite_src)
    _check_lite(out)


def _write_settings(lite_src: Path, work: Path, kernel_wheels: Path) -> None:
    """jupyter-lite.json, overrides.json and jupyter_lite_config.json of the build."""
    settings = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "socialbiz-kit",
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": KERNEL_PRELOAD},
                }
            },
        },
    }
    (lite_src / "jupyter-lite.json").write_text(json.dumps(settings, indent=1))
    # German menus (jupyterlab-language-pack-de-DE in .venv-site; the build copies it to api/translations).
    # Every cell stays in the page (windowing "none"). JupyterLab 4.4's default ("full") keeps only the cells in
    # view and moves them with a CSS transform, under which the self-check's summary line cannot stay at the top
    # of the view (position: sticky); "defer" makes JupyterLab 4.4's table of contents throw ("Cannot read
    # properties of undefined (reading 'type')") as cells attach. The teaching Lab's default (JupyterLab 4.5,
    # "contentVisibility") has no transform.
    (lite_src / "overrides.json").write_text(json.dumps(LITE_SETTINGS, indent=1))
    config = {
        "LiteBuildConfig": {"no_sourcemaps": True, "apps": ["lab", "notebooks", "tree", "repl"],
                            "no_unused_shared_packages": True,
                            "federated_extensions": [str(phone_css_extension(work))]},
        "PipliteAddon": {"piplite_urls": [str(kernel_wheels)]},
    }
    (lite_src / "jupyter_lite_config.json").write_text(json.dumps(config, indent=1))


def _check_lite(out: Path) -> None:
    """Check the built JupyterLite (the site's Pyodide, no PyPI, German, the kit's extensions); complete its German."""
    cfg = json.loads((out / "jupyter-lite.json").read_text())
    kernel = cfg["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    if not kernel.get("pyodideUrl", "").startswith("./static/pyodide/"):
        raise BuildError(f"JupyterLite does not use the site's own Pyodide (pyodideUrl={kernel.get('pyodideUrl')})")
    if not kernel.get("disablePyPIFallback"):
        raise BuildError("JupyterLite's PyPI fallback is not disabled")
    if "de_DE" not in json.loads((out / "api" / "translations" / "all.json").read_text()).get("data", {}):
        raise BuildError("the German language pack is missing (jupyterlab-language-pack-de-DE in .venv-site)")
    german_notebook_view(out / "api" / "translations" / "de_DE.json")
    if not (out / "extensions" / "@jupyter-widgets" / "jupyterlab-manager").is_dir():
        raise BuildError("the widget manager extension is missing (jupyterlab_widgets in .venv-site)")
    overrides = cfg["jupyter-config-data"].get("settingsOverrides", {})
    if any(overrides.get(plugin, {}).get(k) != v for plugin, values in LITE_SETTINGS.items() for k, v in values.items()):
        raise BuildError(f"JupyterLite's settings overrides are not the kit's: {overrides}")
    if not any(e.get("name") == PHONE_CSS_EXT and e.get("style") for e in cfg["jupyter-config-data"]["federated_extensions"]):
        raise BuildError(f"JupyterLite does not load the kit's phone CSS ({PHONE_CSS_EXT} in jupyter-lite.json)")


def german_notebook_view(path: Path) -> None:
    """Complete the German of JupyterLite's notebook view (its "notebook" translation domain).

    The German pack translates that domain only in part, so "Not Trusted" or "Last Checkpoint" stayed English.
    The domain gets the pack's own JupyterLab translations (the view asks for many of the same texts) and the
    kit's German for the rest (data/jupyterlite_de.yaml); what the pack translates itself is kept.
    """
    import yaml

    lite = yaml.safe_load((ROOT / "data" / "jupyterlite_de.yaml").read_text(encoding="utf-8"))
    own = lite["messages"]
    doc = json.loads(path.read_text(encoding="utf-8"))
    domains = doc["data"]
    if "notebook" not in domains or "jupyterlab" not in domains:
        raise BuildError(f"{path} has no 'notebook' or 'jupyterlab' domain (jupyterlab-language-pack-de-DE)")
    # the kit's German for JupyterLab texts the pack leaves in English (the teaching Lab's, data/jupyterlab_de.yaml):
    # the Run menu's items among them
    sys.path.insert(0, str(ROOT / "tools"))
    import lab_settings

    lab = lab_settings.own_german()
    for name in set(lab["domains"]) | set(lab["corrections"]):
        if name in domains:
            domains[name] = lab_settings.complete(domains[name], lab["domains"].get(name, {}), lab["corrections"].get(name))
    # texts only the notebook view asks for in JupyterLab's own domain (the "Cell Type" submenu of its Run menu)
    domains["jupyterlab"] = lab_settings.complete(domains["jupyterlab"], lite.get("jupyterlab") or {})
    notebook = {**{k: v for k, v in domains["jupyterlab"].items() if k}, **{k: [v] for k, v in own.items()},
                **domains["notebook"]}
    domains["notebook"] = notebook
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
