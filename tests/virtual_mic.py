"""A user-space PulseAudio daemon with a null sink whose monitor PortAudio sees as an input device.

Recipe (shared/docs/virtual-microphone.md): a private unix socket, anonymous auth, a null sink
with norewinds at the capture rate, a null source looped into it as a keep-alive, and an ALSA
pcm of type pulse on the sink's monitor. Audio played into the sink with paplay is what the
"microphone" hears.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

DEVICE_NAME = "balint_mic"


class VirtualMicrophone:
    def __init__(self, rate: int = 16000):
        self.rate = rate
        self.dir = Path(tempfile.mkdtemp(prefix="pa", dir="/tmp"))  # short: unix socket paths are limited
        self.socket = self.dir / "native"
        (self.dir / "cookie").write_bytes(os.urandom(256))
        (self.dir / "default.pa").write_text(
            f"load-module module-native-protocol-unix socket={self.socket} auth-anonymous=1\n"
            f"load-module module-null-sink sink_name=balint_sink rate={rate} channels=1 norewinds=1\n"
            f"load-module module-null-source source_name=keepalive rate={rate} channels=1\n"
            "load-module module-loopback source=keepalive sink=balint_sink latency_msec=20\n")
        (self.dir / "asound.conf").write_text(f'pcm.{DEVICE_NAME} {{ type pulse device "balint_sink.monitor" }}\n'
                                              f'ctl.{DEVICE_NAME} {{ type pulse }}\n')
        self.env = {"PULSE_SERVER": f"unix:{self.socket}", "PULSE_COOKIE": str(self.dir / "cookie"),
                    "ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{self.dir / 'asound.conf'}",
                    "HOME": str(self.dir), "XDG_RUNTIME_DIR": str(self.dir)}
        self.daemon = subprocess.Popen(
            ["pulseaudio", "-n", "-F", str(self.dir / "default.pa"), "--daemonize=no", "--exit-idle-time=-1",
             "--use-pid-file=no", "--disable-shm=yes", "--log-target=stderr"],
            env={**os.environ, **self.env}, stdout=subprocess.DEVNULL, stderr=open(self.dir / "log", "wb"))
        deadline = time.monotonic() + 10
        while not self.socket.exists():
            if self.daemon.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("pulseaudio did not start: " + (self.dir / "log").read_text()[-2000:])
            time.sleep(0.05)

    def apply_to_this_process(self) -> None:
        """Point this process's PortAudio at the daemon (PortAudio caches devices at initialisation)."""
        os.environ.update({k: v for k, v in self.env.items() if k not in ("HOME",)})
        import sounddevice

        sounddevice._terminate()
        sounddevice._initialize()

    def play(self, wav: Path) -> subprocess.Popen:
        return subprocess.Popen(["paplay", "--device=balint_sink", str(wav)], env={**os.environ, **self.env})

    def close(self) -> None:
        self.daemon.terminate()
        try:
            self.daemon.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
        shutil.rmtree(self.dir, ignore_errors=True)
