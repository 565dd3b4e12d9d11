"""Run the real `balint` command under strace and read back what it did at the system-call level.

Python audit hooks cannot see C++ libraries (onnxruntime's telemetry client is C++), so the
proof of "nothing leaves the machine" is the kernel's view: every socket, connect and send of the
process and its threads and children, and every file or folder it creates or writes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TRACED = ("socket,connect,sendto,sendmsg,sendmmsg,"  # the network
          "openat,open,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat")  # files made
WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT")
RESULT_PATH = re.compile(r"= \d+<([^>]*)>$")
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
DIRFD = re.compile(r"^\w+\((AT_FDCWD|\d+)<([^>]*)>, ")
# Device files, and POSIX semaphores (tqdm's multiprocessing lock inside faster-whisper): the C library creates
# and unlinks a semaphore at once, and it holds a counter, never data.
DEVICES = ("/dev/null", "/dev/tty", "/dev/pts/", "/dev/shm/sem.")


@dataclass
class Trace:
    network: list[str]  # every syscall line naming an internet address family
    written: list[str]  # every path created or opened for writing
    log: str

    def written_outside(self, *allowed: Path) -> list[str]:
        roots = [str(Path(p).resolve()) for p in allowed]
        return [p for p in self.written
                if not p.startswith(DEVICES) and not any(p == r or p.startswith(r + "/") for r in roots)]


def read_trace(log_path: Path, cwd: Path) -> Trace:
    network, written = [], []
    text = log_path.read_text(errors="replace")
    for line in text.splitlines():
        call = line.split(None, 1)[1] if line[:1].isdigit() else line
        if "AF_INET" in call:  # AF_INET and AF_INET6: socket(), connect() and send*() addresses
            network.append(call)
            continue
        name = call.split("(", 1)[0]
        if " = -1 " in call or name in ("socket", "connect", "sendto", "sendmsg", "sendmmsg"):
            continue
        if name in ("openat", "open", "creat"):
            found = RESULT_PATH.search(call)
            if found and (name == "creat" or WRITE_FLAGS.search(call)):
                written.append(found.group(1))
            continue
        paths = QUOTED.findall(call)
        if not paths:
            continue
        target = paths[-1]  # mkdir's folder, rename's and link's destination
        base = DIRFD.match(call)
        folder = base.group(2) if base and name.endswith("at") else str(cwd)
        written.append(os.path.normpath(os.path.join(folder, target)))
    return Trace(network, written, text)


def traced_balint(workdir: Path, *args: str, env: dict | None = None, stdin: str | None = None,
                  timeout: float = 900) -> tuple[subprocess.CompletedProcess, Trace]:
    """`balint ARGS` under strace, with HOME a fresh folder inside `workdir` and `workdir` as the current folder.

    Bytecode caching is off: .pyc files are Python's own, hold no session data, and would otherwise
    show up as writes into the checkout.
    """
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    log = workdir / "strace.log"
    environment = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
                   "XDG_CACHE_HOME": str(home / ".cache"), "XDG_CONFIG_HOME": str(home / ".config"),
                   "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    command = ["strace", "-f", "-qq", "--seccomp-bpf", "-y", "-e", "signal=none", "-e", f"trace={TRACED}",
               "-o", str(log), sys.executable, "-m", "balint.recorder.cli", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=workdir, env=environment,
                            input=stdin)
    return result, read_trace(log, workdir)


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
