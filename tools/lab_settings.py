"""Make JupyterLab a German teaching Lab in this Python environment (``make lab``, Binder's postBuild).

1. Settings, ``<prefix>/share/jupyter/lab/settings/overrides.d/socialbiz-kit.json``: the display language
   (``@jupyterlab/translation-extension:plugin`` → ``de_DE``) and no news pop-up (JupyterLab's "official Jupyter
   news" question, in English, and its update check). A file in ``overrides.d`` leaves any ``overrides.json`` of the
   environment alone; settings a user changes in Lab (Einstellungen → Sprache) still win.
2. The German language pack completed: ``jupyterlab-language-pack-de-DE`` translates about a thousand of
   JupyterLab's texts; menu items such as "Open Recent" or "Auto Close Brackets" stayed English. The kit's German
   for them (``data/jupyterlab_de.yaml``) is added to the pack's installed ``jupyterlab.json`` in this
   environment; what the pack translates itself is kept. (JupyterLab reads no second file for a domain the pack
   has, so the pack's own file is the place; ``pip install --force-reinstall`` undoes it, ``make lab`` redoes it.)
3. The lecturer's course-building tools out of the teaching Lab: nbgrader's menu and "Create Assignment" panel
   (English) come with the test extras when they share the venv; ``<prefix>/etc/jupyter/labconfig/page_config.json``
   disables its Lab extension and ``jupyter_server_config.d/socialbiz-kit.json`` its server extensions.
   ``make student`` uses nbgrader from the command line and needs neither.

    python tools/lab_settings.py              # German (de_DE)
    python tools/lab_settings.py --locale en  # back to English
    python tools/lab_settings.py --prefix /opt/conda   # another environment (a hub image)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "@jupyterlab/translation-extension:plugin"
NOTIFICATIONS = "@jupyterlab/apputils-extension:notification"
PACK = "jupyterlab_language_pack_de_DE"
# nbgrader: the Lab extension's package name and the server extensions it switches on (nbgrader.json)
LAB_EXTENSIONS_OFF = ("@jupyter/nbgrader",)
SERVER_EXTENSIONS_OFF = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.validate_assignment",
                         "nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.course_list")


def settings(locale: str = "de_DE") -> dict:
    """The settings overrides the kit gives JupyterLab."""
    return {PLUGIN: {"locale": locale}, NOTIFICATIONS: {"fetchNews": "false", "checkForUpdates": False}}


def write_settings(app_settings_dir: str | Path, locale: str = "de_DE") -> Path:
    """The settings overrides in a JupyterLab app settings folder; returns the file."""
    folder = Path(app_settings_dir) / "overrides.d"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "socialbiz-kit.json"
    path.write_text(json.dumps(settings(locale), indent=2) + "\n", encoding="utf-8")
    return path


def write(prefix: str | Path = sys.prefix, locale: str = "de_DE") -> Path:
    """The settings overrides of the environment at ``prefix``; returns the file."""
    return write_settings(Path(prefix) / "share" / "jupyter" / "lab" / "settings", locale)


def own_german() -> dict:
    """The kit's German for JupyterLab (data/jupyterlab_de.yaml): {"domains": {domain: {text: German}},
    "corrections": {domain: {text: German}}}."""
    import yaml

    doc = yaml.safe_load((ROOT / "data" / "jupyterlab_de.yaml").read_text(encoding="utf-8"))
    return {"domains": doc.get("domains") or {}, "corrections": doc.get("corrections") or {}}


def complete(domain: dict, own: dict, corrections: dict | None = None) -> dict:
    """A translation domain (JupyterLab's JSON: text → [translations], metadata under "") with the kit's German
    added for every text it lacks (the pack's own translations are kept) and the corrections applied. A list is a
    text with a plural (singular, plural); a key ``context\x04text`` one with a context."""
    def forms(v):
        return v if isinstance(v, list) else [v]

    return {**domain, **{k: forms(v) for k, v in own.items() if k not in domain},
            **{k: forms(v) for k, v in (corrections or {}).items()}}


def pack_folder(prefix: str | Path = sys.prefix) -> Path | None:
    """The installed pack's message folder in the environment at ``prefix`` (None when the pack is missing)."""
    tail = Path(PACK) / "locale" / "de_DE" / "LC_MESSAGES"
    for site in sorted(Path(prefix).glob("lib/python3*/site-packages")) + [Path(prefix) / "Lib" / "site-packages"]:
        if (site / tail / "jupyterlab.json").is_file():
            return site / tail
    return None


def complete_pack(prefix: str | Path = sys.prefix) -> Path | None:
    """Add the kit's German to the installed pack (idempotent); returns its folder, None without a pack."""
    folder = pack_folder(prefix)
    if folder is None:
        return None
    own = own_german()
    for name in sorted(set(own["domains"]) | set(own["corrections"])):
        path = folder / f"{name}.json"
        domain = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {
            "": {"domain": name, "language": "de-DE", "plural_forms": "nplurals=2; plural=(n != 1);", "version": name}}
        done = complete(domain, own["domains"].get(name, {}), own["corrections"].get(name))
        if done != domain:
            path.write_text(json.dumps(done, ensure_ascii=False), encoding="utf-8")
    return folder


def _merge_json(path: Path, update: dict) -> None:
    doc = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def course_tools_off(config_dir: str | Path) -> list[Path]:
    """Disable nbgrader's Lab and server extensions for the Jupyter config folder ``config_dir``
    (``<prefix>/etc/jupyter`` for an environment)."""
    config_dir = Path(config_dir)
    page = config_dir / "labconfig" / "page_config.json"
    _merge_json(page, {"disabledExtensions": dict.fromkeys(LAB_EXTENSIONS_OFF, True)})
    server = config_dir / "jupyter_server_config.d" / "socialbiz-kit.json"  # read after nbgrader.json
    _merge_json(server, {"ServerApp": {"jpserver_extensions": dict.fromkeys(SERVER_EXTENSIONS_OFF, False)}})
    return [page, server]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prefix", default=sys.prefix)
    p.add_argument("--locale", default="de_DE")
    args = p.parse_args(argv)
    print(f"JupyterLab language {args.locale}, no news pop-up: {write(args.prefix, args.locale)}")
    pack = complete_pack(args.prefix)
    print(f"German language pack completed: {pack}" if pack else "German language pack not installed")
    for path in course_tools_off(Path(args.prefix) / "etc" / "jupyter"):
        print(f"nbgrader kept out of the teaching Lab: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
