"""A real Milvus for tests: Milvus Lite (pip milvus-lite, the Milvus 2.5 server in one binary) over TCP.

    milvus_server.py --db PATH/milvus.db --port PORT

Starts `milvus_lite.server.Server(db, address='127.0.0.1:PORT')`, waits until the port accepts
connections, prints "READY <port>" on stdout and serves until SIGTERM/SIGINT (or until its parent exits), then stops the milvus
binary (SIGTERM, SIGKILL after a grace period) and reaps it. The binary is also given
PR_SET_PDEATHSIG, so it dies with this launcher even if the launcher is SIGKILLed.
"""
import argparse
import ctypes
import functools
import os
import signal
import socket
import subprocess
import sys
import time
import warnings

# milvus-lite 2.5 imports pkg_resources, which warns on every start; the warning is not ours to fix.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
from milvus_lite import server as lite_server  # noqa: E402

PR_SET_PDEATHSIG = 1


def _die_with_parent():
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _port_open(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--start-timeout", type=float, default=60.0)
    a = ap.parse_args()

    # Server.start() spawns the binary with subprocess.Popen; give that child PR_SET_PDEATHSIG.
    lite_server.subprocess.Popen = functools.partial(subprocess.Popen, preexec_fn=_die_with_parent)
    srv = lite_server.Server(a.db, address=f"127.0.0.1:{a.port}")
    stopping = []

    def stop(*_):
        stopping.append(True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if not srv.init() or not srv.start():
        print(f"milvus-lite failed to start on port {a.port} with {a.db}", file=sys.stderr)
        return 1
    child = srv._p
    deadline = time.monotonic() + a.start_timeout
    while not _port_open(a.port):
        if child.poll() is not None or time.monotonic() > deadline or stopping:
            print(f"milvus-lite did not listen on port {a.port} (exit {child.poll()})", file=sys.stderr)
            _shutdown(srv, child)
            return 1
        time.sleep(0.1)
    print(f"READY {a.port}", flush=True)
    parent = os.getppid()
    # Also stop when the test process that started us is gone (killed without a chance to stop us).
    while not stopping and child.poll() is None and os.getppid() == parent:
        time.sleep(0.1)
    code = child.poll()
    _shutdown(srv, child)
    if code is not None and not stopping:
        print(f"milvus-lite exited unexpectedly ({code})", file=sys.stderr)
        return 1
    return 0


def _shutdown(srv, child):
    # In TCP mode the binary does not watch the lock file, so Server.stop() alone would wait 2 s and
    # then SIGKILL it: ask it to exit first so it can close the db file cleanly.
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
    srv.stop()


if __name__ == "__main__":
    sys.exit(main())
