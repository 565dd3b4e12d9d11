"""Encrypted chunk store: audio is sealed with AES-256-GCM under a key that exists only in memory.

Deleting is crypto-shredding: the key is wiped and the chunk files unlinked (overwriting
files is not reliable on SSDs; without the key the chunks are noise). The key lives in one
bytearray, read straight from the kernel's random source so no immutable copy exists in
Python; the cipher object (which holds the library's own copy, cleansed by OpenSSL when
freed) is released at destruction.

A session folder holds an `owner` marker: balint's signature, the recording process's pid
and its start time. A folder whose process has gone (a crash, kill -9) holds chunks nobody
can read any more, and the next `balint` start sweeps it away. Anything in the recordings
folder without that marker is not balint's and is left alone.
"""

from __future__ import annotations

import os
import re
import struct
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from balint.analysis.files import private_dir
from balint.analysis.types import BalintError, DeletionReceipt
from balint.models.catalog import data_dir

MAGIC = b"BALINTC1"
HEADER = struct.Struct(">8sQ12s")  # magic, chunk index, nonce
OWNER = "owner"
SIGNATURE = "balint recording v1"
CHUNK = re.compile(r"chunk-[0-9]{6}\.bin")


class StoreFull(BalintError):
    """The disk ran out of space while sealing a chunk."""


def recordings_dir() -> Path:
    """Where recordings are sealed while they last (BALINT_RECORDINGS_DIR overrides)."""
    return Path(os.environ.get("BALINT_RECORDINGS_DIR") or data_dir() / "recordings")


class ChunkStore:
    """Seal and open numbered chunks of 16-bit PCM; `destroy()` is the only way out."""

    def __init__(self, root: Path | None = None):
        self.session_id = uuid.uuid4().hex[:12]
        self.folder = private_dir((root or recordings_dir()) / self.session_id)
        self._key = bytearray(32)
        with open("/dev/urandom", "rb", buffering=0) as source:
            if source.readinto(self._key) != len(self._key):
                raise BalintError("could not read a key from the system's random source")
        self._cipher: AESGCM | None = AESGCM(self._key)
        self.chunks = 0
        self.bytes = 0
        owner = os.open(self.folder / OWNER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(owner, f"{SIGNATURE}\n{os.getpid()}\n{_start_time(os.getpid())}\n".encode())
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
        try:
            data = self._path(index).read_bytes()
        except FileNotFoundError:
            raise BalintError(f"audio chunk {index} is missing from {self.folder}: the recording is incomplete") from None
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
        """Wipe the key, unlink every chunk, remove the folder; the receipt says what was verified. Safe twice."""
        self._key[:] = bytes(len(self._key))
        self._cipher = None
        for path in self.folder.glob("chunk-*.bin"):
            path.unlink(missing_ok=True)
        (self.folder / OWNER).unlink(missing_ok=True)
        try:
            self.folder.rmdir()
        except FileNotFoundError:
            pass
        except OSError:  # something not ours was put inside: left, and the receipt says the folder remains
            pass
        return DeletionReceipt(
            deleted_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"), what="recording chunks", path=str(self.folder),
            bytes=self.bytes, chunks=self.chunks, key_wiped=not any(self._key) and self._cipher is None,
            folder_removed=not self.folder.exists(),
            how="crypto-shredded: the AES-256-GCM key was overwritten in memory, then the sealed chunks unlinked")


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), so a reused pid is not mistaken for it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return "?"


def _owner_alive(marker: list[str]) -> bool:
    pid = int(marker[1])
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    recorded = marker[2] if len(marker) > 2 else "?"
    return recorded == "?" or _start_time(pid) in (recorded, "?")


def _marker(folder: Path) -> list[str] | None:
    """balint's owner marker of a recording folder, or None when the folder is not one of ours."""
    try:
        lines = (folder / OWNER).read_text().split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return lines if len(lines) >= 2 and lines[0] == SIGNATURE and lines[1].isdigit() else None


@dataclass
class Sweep:
    folders: int = 0
    chunks: int = 0
    left_alone: list[str] = field(default_factory=list)  # entries balint did not make, named for the user


def sweep_orphans(root: Path | None = None) -> Sweep:
    """Delete the chunks of recordings whose process died (their key died with it); touch nothing else."""
    root = root or recordings_dir()
    result = Sweep()
    if not root.is_dir():
        return result
    for entry in sorted(root.iterdir()):
        marker = _marker(entry) if entry.is_dir() and not entry.is_symlink() else None
        if marker is None:
            result.left_alone.append(entry.name)
            continue
        if _owner_alive(marker):
            continue
        chunks = [p for p in entry.iterdir() if CHUNK.fullmatch(p.name) and p.is_file() and not p.is_symlink()]
        for chunk in chunks:
            chunk.unlink(missing_ok=True)
        (entry / OWNER).unlink(missing_ok=True)
        try:
            entry.rmdir()
        except OSError:
            result.left_alone.append(f"{entry.name}/ (its other files)")
        result.chunks += len(chunks)
        result.folders += 1
    return result
