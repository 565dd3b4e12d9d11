"""Encrypted chunk store: audio is sealed with AES-256-GCM under a key that exists only in memory.

Deleting is crypto-shredding: the key is wiped and the chunk files unlinked (overwriting
files is not reliable on SSDs; without the key the chunks are noise). A session folder
holds an `owner` file with the recording process's pid. A folder whose process has gone
(a crash, kill -9) holds chunks nobody can read any more, and the next `balint` start
sweeps it away.
"""

from __future__ import annotations

import os
import shutil
import struct
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from analysis.types import BalintError

MAGIC = b"BALINTC1"
HEADER = struct.Struct(">8sQ12s")  # magic, chunk index, nonce


class StoreFull(BalintError):
    """The disk ran out of space while sealing a chunk."""


def recordings_dir() -> Path:
    base = os.environ.get("BALINT_RECORDINGS_DIR") or Path(
        os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "balint" / "recordings"
    return Path(base)


@dataclass
class DeletionReceipt:
    deleted_at: str
    chunks: int
    bytes: int
    key_destroyed: bool
    folder_removed: bool

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class ChunkStore:
    """Seal and open numbered chunks of 16-bit PCM; `destroy()` is the only way out."""

    def __init__(self, root: Path | None = None):
        self.session_id = uuid.uuid4().hex[:12]
        self.folder = (root or recordings_dir()) / self.session_id
        self.folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.folder.mkdir(mode=0o700)
        os.chmod(self.folder, 0o700)
        self._key = bytearray(AESGCM.generate_key(bit_length=256))
        self._cipher = AESGCM(bytes(self._key))
        self.chunks = 0
        self.bytes = 0
        owner = os.open(self.folder / "owner", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(owner, str(os.getpid()).encode())
        os.close(owner)

    def _path(self, index: int) -> Path:
        return self.folder / f"chunk-{index:06d}.bin"

    def seal(self, pcm16: bytes) -> int:
        """Encrypt and write one chunk (0600, fsynced); returns its index. StoreFull when the disk is full."""
        if self._cipher is None:
            raise BalintError("the recording's key was already destroyed")
        index = self.chunks
        nonce = os.urandom(12)
        header = HEADER.pack(MAGIC, index, nonce)
        sealed = self._cipher.encrypt(nonce, pcm16, self.session_id.encode() + header)
        path = self._path(index)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                view = memoryview(header + sealed)
                while view:  # a nearly full disk accepts part of a write; the next part raises ENOSPC
                    view = view[os.write(descriptor, view):]
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        except OSError as error:
            path.unlink(missing_ok=True)
            if error.errno in (28, 122):  # ENOSPC, EDQUOT
                raise StoreFull(f"the disk holding {self.folder.parent} is full") from None
            raise
        self.chunks += 1
        self.bytes += len(header) + len(sealed)
        return index

    def open(self, index: int) -> bytes:
        """Decrypt one chunk; a modified or truncated chunk is refused, never returned as garbage."""
        if self._cipher is None:
            raise BalintError("the recording's key was already destroyed")
        data = self._path(index).read_bytes()
        if len(data) < HEADER.size + 16:
            raise BalintError(f"audio chunk {index} is truncated: it cannot be trusted")
        magic, stored_index, nonce = HEADER.unpack(data[: HEADER.size])
        if magic != MAGIC or stored_index != index:
            raise BalintError(f"audio chunk {index} is not the chunk written at that place: it cannot be trusted")
        try:
            return self._cipher.decrypt(nonce, data[HEADER.size:], self.session_id.encode() + data[: HEADER.size])
        except InvalidTag:
            raise BalintError(f"audio chunk {index} failed its integrity check (tampered or corrupt)") from None

    def destroy(self) -> DeletionReceipt:
        """Wipe the key, unlink every chunk, remove the folder. Safe to call twice."""
        destroyed = self._cipher is not None
        for i in range(len(self._key)):
            self._key[i] = 0
        self._cipher = None
        for path in self.folder.glob("chunk-*.bin"):
            path.unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        return DeletionReceipt(time.strftime("%Y-%m-%dT%H:%M:%S%z"), self.chunks, self.bytes,
                               key_destroyed=destroyed or not any(self._key), folder_removed=not self.folder.exists())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_orphans(root: Path | None = None) -> tuple[int, int]:
    """Delete the folders of recordings whose process died: (folders, chunks) removed. Their key died with it."""
    root = root or recordings_dir()
    folders = chunks = 0
    if not root.is_dir():
        return 0, 0
    for folder in root.iterdir():
        owner = folder / "owner"
        try:
            pid = int(owner.read_text().strip())
        except (OSError, ValueError):
            pid = -1
        if pid > 0 and pid != os.getpid() and _alive(pid):
            continue
        if pid == os.getpid():
            continue
        chunks += len(list(folder.glob("chunk-*.bin")))
        shutil.rmtree(folder, ignore_errors=True)
        folders += 1
    return folders, chunks
