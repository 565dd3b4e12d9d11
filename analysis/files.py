"""Private files: balint's outputs are 0600 from creation, in folders it creates 0700, and written as a set.

balint never changes the mode of a folder it did not make: writing into the current folder, a shared
temp folder or an existing report folder leaves that folder exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from balint.analysis.types import BalintError


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
