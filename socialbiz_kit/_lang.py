"""Language handling shared by every module that shows text."""
from __future__ import annotations

from .errors import SettingError

__all__ = ["LANGS", "check_lang"]

LANGS = ("de", "en")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language code, else raise :class:`~socialbiz_kit.errors.SettingError`."""
    if lang not in LANGS:
        raise SettingError(f"lang must be one of {', '.join(LANGS)} (got {lang!r})",
                           code="errors.choice", name="lang", value=lang, allowed=", ".join(LANGS))
    return lang
