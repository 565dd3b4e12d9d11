"""Private files: balint's outputs are 0600 from creation, in folders it creates 0700, and written as a set.

balint never changes the mode of a folder it did not make: writing into the current folder, a shared
temp folder or an existing report folder leaves that folder exactly as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from balint.analysis.format import displayable
from balint.analysis.types import BalintError

SESSION_FILE = "session.json"
REPORT_FILES = {"leader": "report.html", "group": "group-report.html"}  # by audience
#: supervision exports by format (analysis/report/exports.py), written beside the report; forgotten with it
EXPORT_FILES = {"vtt": "session.vtt", "srt": "session.srt", "eaf": "session.eaf", "textgrid": "session.TextGrid"}
MAX_SESSION_FILE_BYTES = 100 * 2**20  # a six-hour session with every word is about 15 MB


def check_input_file(path: Path) -> None:
    """An input (recording, transcript, units) that exists, is a regular file, is readable and is not empty; else
    one BalintError line that says which, before any model loads or any progress bar is drawn."""
    shown = displayable(path)
    if not path.exists():
        raise BalintError(f"{shown}: no such file")
    if path.is_dir():
        raise BalintError(f"{shown} is a folder: give a file")
    if not path.is_file():
        raise BalintError(f"{shown} is not a regular file (a pipe or a device): give a recording saved as a file")
    if not os.access(path, os.R_OK):
        raise BalintError(f"{shown} cannot be read: you have no permission to read it")
    if path.stat().st_size == 0:
        raise BalintError(f"{shown} is empty (0 bytes): nothing to analyse")


def read_regular_file(path: Path, limit_bytes: int = MAX_SESSION_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit_bytes`, or one BalintError line.

    Opened without blocking and checked before reading, so a FIFO, a device such as /dev/zero or a
    huge file is refused at once instead of hanging or filling memory.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise BalintError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BalintError(f"{path} is a folder, not a file") from None
    except OSError as error:
        raise BalintError(f"{path} cannot be read ({error.strerror or error})") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise BalintError(f"{path} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise BalintError(f"{path} is not a regular file (a pipe or a device), so balint does not read it")
        if info.st_size > limit_bytes:
            raise BalintError(f"{path} is {info.st_size / 2**20:.0f} MB, larger than any session balint writes "
                              f"({limit_bytes / 2**20:.0f} MB)")
        try:
            return handle.read(limit_bytes + 1)[:limit_bytes]
        except OSError as error:
            raise BalintError(f"{path} cannot be read ({error.strerror or error})") from None


def private_dir(path: Path) -> Path:
    """Make `path` and any missing parents, each 0700; folders that already exist are left untouched."""
    path = Path(path)
    missing = []
    existing = path
    while not existing.exists() and not existing.is_symlink():
        missing.append(existing)
        existing = existing.parent
    if not existing.is_dir():
        raise BalintError(f"{existing} is not a folder: cannot write into {path}")
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made by someone else meanwhile: theirs, so not ours to chmod
            continue
        except OSError as error:
            raise BalintError(f"cannot create {folder}: {error.strerror}") from None
        os.chmod(folder, 0o700)  # exactly 0700 whatever the umask: a folder we just made
    return path


def check_writable_dir(path: Path) -> None:
    """Fail before minutes of analysis, not after, when the outputs could not be written to `path`."""
    path = Path(path)
    existing = path
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise BalintError(f"{existing} is not a folder: cannot write the report to {path}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BalintError(f"no permission to write in {existing}: choose another folder with --out")


def write_private_files(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write every file to a 0600 temporary beside its target, then move them all into place.

    A failure while writing leaves the earlier set (or nothing) and no partial file; an existing
    link at a target is replaced, never followed.
    """
    private_dir(folder)
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in files.items():
            descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)  # 0600
            staged.append((temporary, Path(folder) / name))
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as error:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise BalintError(f"could not write {folder}: {error.strerror or error}") from None
    return [target for _, target in staged]


def write_private(path: Path, text: str) -> Path:
    """One private file, written the same all-or-nothing way."""
    return write_private_files(Path(path).parent, {Path(path).name: text})[0]
