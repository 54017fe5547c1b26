"""German JupyterLab, Binder and the hub's pinned requirements file."""
import importlib.util
import json
import os
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path):
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version, f"{path.name}: '{line}' is not pinned with =="
            out[_norm(name)] = version
    return out


def _lab_settings():
    spec = importlib.util.spec_from_file_location("lab_settings", ROOT / "tools" / "lab_settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_binder_requirements_are_the_constraints_pins():
    binder, constraints = _pins(ROOT / "binder" / "requirements.txt"), _pins(ROOT / "constraints.txt")
    drift = {n: (v, constraints.get(n)) for n, v in binder.items() if constraints.get(n) != v}
    assert drift == {}, "binder/requirements.txt differs from constraints.txt: run tools/hub_requirements.py"


def test_binder_requirements_hold_what_the_notebooks_and_the_hub_need():
    binder = _pins(ROOT / "binder" / "requirements.txt")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = meta["optional-dependencies"]
    direct = meta["dependencies"] + [r for e in ("plot", "stats", "widgets", "lab", "hub") for r in extras[e]]
    names = {_norm(re.match(r"[A-Za-z0-9_.\-]+", r).group(0)) for r in direct} - {"socialbiz-kit"}
    assert names - set(binder) == set()
    assert {"jupyterlab-language-pack-de-de", "nbgitpuller"} <= set(binder)
    assert "pytest" not in binder and "nbgrader" not in binder  # students' environment, not the test suite's


def test_binder_postbuild_installs_the_kit_and_german_lab():
    post = ROOT / "binder" / "postBuild"
    assert os.access(post, os.X_OK)
    text = post.read_text(encoding="utf-8")
    assert "pip install --no-deps ." in text and "tools/lab_settings.py" in text
    assert not (ROOT / "postBuild").exists()  # repo2docker ignores top-level files once binder/ exists


def test_lab_settings_select_an_installed_german_language_pack(tmp_path):
    path = _lab_settings().write(tmp_path, "de_DE")
    assert path == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "socialbiz-kit.json"
    settings = json.loads(path.read_text(encoding="utf-8"))
    locale = settings["@jupyterlab/translation-extension:plugin"]["locale"]
    from jupyterlab_server.translation_utils import get_language_packs

    assert locale in get_language_packs()[0]  # the pack from the lab extra is installed and found
