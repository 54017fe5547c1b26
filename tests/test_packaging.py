"""Packaging: the wheel carries data/, environment.yml agrees with pyproject.toml, CI calls make test."""
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(req):
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", req)
    return _norm(m.group(1)), m.group(2) or "", m.group(3).replace(" ", "")


def _pyproject_requirements():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = meta["optional-dependencies"]
    out = {}

    def add(reqs):
        for req in reqs:
            name, extra, spec = _split(req)
            if name == _norm(meta["name"]):
                for e in extra.strip("[]").split(","):
                    add(extras[e.strip()])
            else:
                out[name] = spec

    add(meta["dependencies"])
    add(extras["test"])
    return out


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda = {}
    for dep in env["dependencies"]:
        for entry in dep.get("pip", []) if isinstance(dep, dict) else [dep]:
            name, _, spec = _split(entry)
            if name not in ("python", "pip"):
                conda[name] = spec
    assert conda == _pyproject_requirements()


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (whl,) = out.glob("socialbiz_kit-*.whl")
    return whl


def test_wheel_carries_the_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "socialbiz_kit/data/models/altimeter.yaml" in names
    assert "socialbiz_kit/data/models/cotc.yaml" in names
    for part in ("templates/page.html.j2", "templates/index.html.j2", "static/score.js", "static/fields.js",
                 "static/page.js", "static/page.css", "templates/class_page.html.j2", "static/class.js", "static/class.css",
                 "static/near.js"):
        assert f"socialbiz_kit/{part}" in names  # the self-check page is written from the installed wheel


def test_installed_wheel_loads_models_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True, capture_output=True, text=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = (
        "import socialbiz_kit, socialbiz_kit._data as d;"
        "print(socialbiz_kit.__file__); print(d.data_dir());"
        "print([len(socialbiz_kit.load_model(n).stages) for n in socialbiz_kit.list_models()]);"
        "import socialbiz_kit.page as p; print(p.__file__.startswith(sys.argv[1]), len(p.page_html('cotc')) > 50_000)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    # -I would also drop PYTHONPATH; -s keeps user site out, the checkout is not on the path
    cmd = [sys.executable, "-s", "-c", "import sys;" + code, str(target)]
    out = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert out[1] == str(target / "socialbiz_kit" / "data")
    assert out[2] == "[6, 5]"
    assert out[3] == "True True"
