"""Make JupyterLab start in German in this Python environment (``make lab``, Binder's postBuild).

Writes ``<prefix>/share/jupyter/lab/settings/overrides.d/socialbiz-kit.json``: the display language
(``@jupyterlab/translation-extension:plugin`` → ``de_DE``, shown by the language pack
``jupyterlab-language-pack-de-DE``). A file in ``overrides.d`` leaves any ``overrides.json`` of the
environment alone; settings a user changes in Lab (Einstellungen → Sprache) still win.

    python tools/lab_settings.py              # German (de_DE)
    python tools/lab_settings.py --locale en  # back to English
    python tools/lab_settings.py --prefix /opt/conda   # another environment (a hub image)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PLUGIN = "@jupyterlab/translation-extension:plugin"


def write(prefix: str | Path = sys.prefix, locale: str = "de_DE") -> Path:
    folder = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.d"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "socialbiz-kit.json"
    path.write_text(json.dumps({PLUGIN: {"locale": locale}}, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prefix", default=sys.prefix)
    p.add_argument("--locale", default="de_DE")
    args = p.parse_args(argv)
    print(f"JupyterLab language {args.locale}: {write(args.prefix, args.locale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
