"""`--delete-source`: delete the recording a user analysed, exactly that file, and say exactly what was done.

A symbolic link or a file with several names (hard links) is refused before the analysis starts:
removing one name would leave the audio on disk while a receipt claimed it was gone.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from balint.analysis.types import BalintError, DeletionReceipt


def check_deletable(path: Path) -> os.stat_result:
    """The file's identity now, or a BalintError saying why deleting it would not delete the audio."""
    path = Path(path)
    if path.is_symlink():
        raise BalintError(f"--delete-source: {path} is a symbolic link to {os.path.realpath(path)}; deleting the link "
                          "would leave the audio on disk. Name the file itself")
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        raise BalintError(f"--delete-source: {path} is not a regular file")
    if info.st_nlink > 1:
        raise BalintError(f"--delete-source: {path} has {info.st_nlink} names (hard links); deleting one would "
                          "leave the audio on disk under the others")
    return info


def delete_source(path: Path, before: os.stat_result) -> DeletionReceipt:
    """Unlink `path` if it is still the file that was analysed; the receipt states what was removed."""
    now = check_deletable(path)
    if (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) != (before.st_dev, before.st_ino, before.st_size,
                                                                  before.st_mtime_ns):
        raise BalintError(f"--delete-source: {path} changed during the analysis; it was not deleted")
    os.unlink(path)
    return DeletionReceipt(
        deleted_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"), what="source file", path=str(Path(path).resolve()),
        bytes=now.st_size,
        how="its only name was unlinked after a successful analysis (--delete-source); the file system frees the "
            "blocks and balint does not overwrite them")
