"""Files of a class download, one by one and within limits (private; used by :mod:`classroom`).

A folder is walked without following links out of it; a zip is opened once and each member is unpacked
only when it is read, no larger than an upload (:data:`~socialbiz_kit.responses.MAX_UPLOAD_BYTES`) and
no more packed than a real file is. A member that cannot or may not be read raises :class:`Skipped`,
which the caller lists as a problem; the other files are read as usual.
"""
from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import InputDataError

__all__ = ["MAX_MEMBERS", "MAX_CLASS_BYTES", "MAX_RATIO", "Skipped", "members"]

MAX_MEMBERS = 10_000
"""Entries a class download may hold."""
MAX_CLASS_BYTES = 200_000_000
"""Bytes of answer files read from one class download in all (each file at most ``MAX_UPLOAD_BYTES``)."""
MAX_RATIO = 200
"""How many times larger than its packed size a zip member may unpack (a zip bomb unpacks far more)."""


class Skipped(Exception):
    """A member that is listed as a problem instead of being read: ``key`` in ``classroom`` of ui.yaml."""

    def __init__(self, key: str, **fmt: Any):
        super().__init__(key)
        self.key, self.fmt = key, fmt


def _limit() -> int:
    from .responses import MAX_UPLOAD_BYTES

    return MAX_UPLOAD_BYTES


def _folder_members(source: Path):
    """(relative path, loader) of every file below a folder; links are read only when they point to a
    regular file inside the folder, anything else (a pipe, a device, a link out of the folder or in a
    loop) is listed by its loader raising :class:`Skipped`."""
    import os
    import stat

    root = source.resolve()
    for folder, dirs, files in os.walk(source, followlinks=False):
        dirs.sort()
        here = Path(folder)
        links = [d for d in dirs if (here / d).is_symlink()]  # never walked into; listed below
        dirs[:] = [d for d in dirs if d not in links]
        for name in sorted(files + links):
            p = here / name
            rel = PurePosixPath(p.relative_to(source).as_posix())
            try:
                target = p.resolve(strict=True)
                mode = os.stat(target).st_mode
            except (OSError, RuntimeError):  # a dangling link or a loop
                yield rel, _skip("link_broken")
                continue
            if p.is_symlink() and root not in target.parents:
                yield rel, _skip("link_outside")
            elif not stat.S_ISREG(mode):
                yield rel, _skip("not_regular")
            else:
                yield rel, (lambda t=target: _read_file(t))


def _skip(key: str, **fmt: Any):
    def load() -> bytes:
        raise Skipped(key, **fmt)

    return load


def _read_file(path: Path) -> bytes:
    limit = _limit()
    size = path.stat().st_size
    if size > limit:
        raise Skipped("too_large", size=size, limit=limit)
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Skipped("too_large", size=len(data), limit=limit)
    return data


def _zip_members(zf: zipfile.ZipFile):
    """(relative path, loader) of every file in a zip; a member is unpacked only when its loader is
    called, within the size and ratio limits, and a damaged one raises :class:`Skipped`."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputDataError(f"the zip file holds {len(infos)} entries; at most {MAX_MEMBERS} are read",
                             code="errors.zip_too_many", n=len(infos), limit=MAX_MEMBERS)
    for info in sorted(infos, key=lambda i: i.filename):
        if not info.is_dir():
            yield PurePosixPath(info.filename), (lambda i=info: _read_member(zf, i))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    import zlib

    limit = _limit()
    if info.file_size > limit:
        raise Skipped("too_large", size=info.file_size, limit=limit)
    if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise Skipped("too_packed", ratio=info.file_size // max(info.compress_size, 1))
    if info.flag_bits & 0x1:
        raise Skipped("bad_member", reason="encrypted")
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)  # zipfile never unpacks more than a member declares
    except NotImplementedError:
        raise Skipped("bad_member", reason=f"compression method {info.compress_type}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as exc:
        raise Skipped("bad_member", reason=str(exc) or type(exc).__name__) from None
    if len(data) > limit:
        raise Skipped("too_large", size=len(data), limit=limit)
    return data


def members(source: Path, stack):
    """(relative path, bytes loader) of every file in a folder (any depth) or a zip (kept open by ``stack``)."""
    import stat

    try:
        mode = source.stat().st_mode
    except OSError as exc:
        raise InputDataError(f"{source}: cannot be read ({exc.strerror})",
                             code="errors.source_unreadable", path=str(source), detail=exc.strerror) from None
    if stat.S_ISDIR(mode):
        yield from _folder_members(source)
        return
    if not stat.S_ISREG(mode):  # a named pipe or a device would be read without end
        raise InputDataError(f"{source}: neither a folder nor a zip file", code="errors.not_folder_or_zip", path=str(source))
    try:
        zf = stack.enter_context(zipfile.ZipFile(source))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputDataError(f"{source}: neither a folder nor a zip file", code="errors.not_folder_or_zip", path=str(source)) from None
    yield from _zip_members(zf)
