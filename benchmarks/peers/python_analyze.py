"""The analyze loop as a Python user would write it: OpenCV decode, letterbox, onnxruntime, NumPy
decode of the YOLOv8 head, OpenCV NMS. Sharpeye's benchmark runs it side by side with its own
pipeline (benchmarks/inference/detect-throughput.ts). Idiomatic and vectorised, nothing exotic.

    python_analyze.py --video CLIP --model yolov8n_int8.onnx [--fps 5] [--json]
"""
import argparse
import json
import os
import platform
import statistics
import time

import cv2
import numpy as np
import onnxruntime as ort


def letterbox(bgr, size=640, pad=114):
    h, w = bgr.shape[:2]
    r = min(size / w, size / h)
    nw, nh = round(w * r), round(h * r)
    canvas = np.full((size, size, 3), pad, dtype=np.uint8)
    canvas[:nh, :nw] = cv2.resize(bgr, (nw, nh), interpolation=cv2.INTER_LINEAR) if (nw, nh) != (w, h) else bgr
    blob = cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB).transpose(2, 0, 1)[None].astype(np.float32) / 255.0
    return np.ascontiguousarray(blob), r


def postprocess(out, r, w, h, conf, iou):
    pred = out[0].T  # [8400, 84]
    scores = pred[:, 4:]
    cls = scores.argmax(1)
    best = scores[np.arange(len(cls)), cls]
    keep = best >= conf
    pred, cls, best = pred[keep], cls[keep], best[keep]
    xywh = pred[:, :4].copy()
    xywh[:, 0] -= xywh[:, 2] / 2
    xywh[:, 1] -= xywh[:, 3] / 2
    idx = cv2.dnn.NMSBoxesBatched(xywh.tolist(), best.tolist(), cls.tolist(), conf, iou) if len(best) else []
    idx = np.array(idx, dtype=int).reshape(-1)
    boxes = xywh[idx] / r
    x1 = boxes[:, 0].clip(0, w)
    y1 = boxes[:, 1].clip(0, h)
    x2 = (boxes[:, 0] + boxes[:, 2]).clip(0, w)
    y2 = (boxes[:, 1] + boxes[:, 3]).clip(0, h)
    return [(int(cls[i]), float(best[i]), (float(a), float(b), float(c), float(d))) for i, a, b, c, d in zip(idx, x1, y1, x2, y2)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--video", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--labels")
    ap.add_argument("--fps", type=float, default=5)
    ap.add_argument("--conf", type=float, default=0.25)
    ap.add_argument("--iou", type=float, default=0.45)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--max-frames", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    labels_path = a.labels or os.path.join(os.path.dirname(a.model), "coco.names")
    labels = open(labels_path).read().split("\n") if os.path.exists(labels_path) else []
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = a.threads
    sess = ort.InferenceSession(a.model, opts, providers=["CPUExecutionProvider"])
    inp = sess.get_inputs()[0].name

    cap = cv2.VideoCapture(a.video)
    stages = {"decode": [], "preprocess": [], "inference": [], "postprocess": []}
    counts = {}
    frames, next_t = 0, 0.0
    start = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        ok, frame = cap.read()
        if not ok:
            break
        pos = cap.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
        if pos + 1e-6 < next_t:  # not a sampled frame: its decode cost counts towards the next one
            continue
        next_t += 1.0 / a.fps
        t1 = time.perf_counter()
        blob, r = letterbox(frame)
        t2 = time.perf_counter()
        out = sess.run(None, {inp: blob})[0]
        t3 = time.perf_counter()
        dets = postprocess(out, r, frame.shape[1], frame.shape[0], a.conf, a.iou)
        t4 = time.perf_counter()
        for c, _, _ in dets:
            name = labels[c] if c < len(labels) else str(c)
            counts[name] = counts.get(name, 0) + 1
        stages["decode"].append((t1 - t0) * 1000)
        stages["preprocess"].append((t2 - t1) * 1000)
        stages["inference"].append((t3 - t2) * 1000)
        stages["postprocess"].append((t4 - t3) * 1000)
        frames += 1
        if a.max_frames and frames >= a.max_frames:
            break
    wall = time.perf_counter() - start
    cap.release()
    result = {
        "frames": frames,
        "wallSeconds": wall,
        "fps": frames / wall if wall else 0,
        "stages": {k: {"meanMs": statistics.fmean(v) if v else 0, "medianMs": statistics.median(v) if v else 0} for k, v in stages.items()},
        "detectionsPerClass": counts,
        "versions": {"python": platform.python_version(), "onnxruntime": ort.__version__, "opencv": cv2.__version__, "numpy": np.__version__, "opencvThreads": cv2.getNumThreads()},
    }
    if a.json:
        print(json.dumps(result))
    else:
        print(f"{frames} frames in {wall:.2f} s = {result['fps']:.2f} fps")
        for k, v in result["stages"].items():
            print(f"  {k:12s} mean {v['meanMs']:.1f} ms  median {v['medianMs']:.1f} ms")


if __name__ == "__main__":
    main()
