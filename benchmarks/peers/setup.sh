#!/usr/bin/env bash
# Creates benchmarks/peers/.venv with the Python peer's pinned packages (idempotent).
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -c 'import onnxruntime, cv2, numpy' 2>/dev/null || .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
.venv/bin/python -c 'import onnxruntime, cv2, numpy; print("peer venv:", "onnxruntime", onnxruntime.__version__, "opencv", cv2.__version__, "numpy", numpy.__version__)'
