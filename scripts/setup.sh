#!/usr/bin/env bash
# One-time set-up of a fresh machine for sharpeye: system packages (ffmpeg; GStreamer with its RTSP
# server, which the tests use as a real camera), npm dependencies and the small Python environment
# the test harness uses. Idempotent: re-running skips what is there. Says on stderr, one line per
# step, what it does or why it skips it.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo "setup: $*" >&2; }

# build-essential: better-sqlite3 compiles from source where its prebuilt binary cannot be fetched.
APT_PACKAGES=(build-essential python3 ffmpeg gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gir1.2-gst-rtsp-server-1.0 python3-gi)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "system packages: installing ${missing[*]} (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  step "system packages: all ${#APT_PACKAGES[@]} present (ffmpeg, GStreamer with its RTSP server, python3)"
fi

# CPU machines: onnxruntime-node must not try to download CUDA binaries (GPU images use cuda12).
export ONNXRUNTIME_NODE_INSTALL="${ONNXRUNTIME_NODE_INSTALL:-skip}"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm dependencies: installing from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
else
  step "npm dependencies: up to date with package-lock.json"
fi

# Python tools for the test harness (rewriting an ONNX model's batch dimension; Milvus Lite as the
# tests' Milvus server).
PY="${SHARPEYE_SETUP_PYTHON:-python3}"
if [ ! -x .venv-test/bin/python ]; then
  step "python test environment: creating .venv-test with $PY"
  "$PY" -m venv .venv-test
fi
if ! .venv-test/bin/python -c 'import onnx, milvus_lite.server, trackeval' 2>/dev/null; then
  step "python test environment: installing test/helpers/requirements.txt into .venv-test (pip)"
  .venv-test/bin/pip install -q --disable-pip-version-check -r test/helpers/requirements.txt
else
  step "python test environment: .venv-test has its packages"
fi
# Compile the CLI into dist/ so `sharpeye` starts without the TypeScript compiler. The bin still runs
# the sources through tsx whenever they differ from what this build was compiled from.
npm run -s build

echo "setup: ok" >&2
