"""The GitHub Pages workflow of the static site is valid YAML and builds with `make site` (fast; part of make test)."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def test_site_workflow_builds_with_make_site_and_deploys_to_pages():
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = wf.get("on", wf.get(True))       # YAML 1.1 reads a bare `on` as True
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"
    build = wf["jobs"]["build"]["steps"]
    runs = [s["run"].strip() for s in build if "run" in s]
    assert runs == ["make site"], runs
    uses = [s.get("uses", "") for s in build]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "build/site"
    python = next(s for s in build if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
