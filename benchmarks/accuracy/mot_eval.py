"""Tracking metrics for the accuracy benchmark, computed by TrackEval (the MOTChallenge/HOTA
reference implementation, pip package `trackeval`), run as a peer tool by run.ts.

Usage: mot_eval.py --gt GT.txt --tracker TRACKER.txt --frames N --class C [--ignore x1,y1,x2,y2]...

Both files are MOTChallenge text (frame,id,x,y,w,h,conf,class,...; frames 1-based). Only rows of
class C are kept and frames 1..N are evaluated. Ignore boxes (source pixels) work like MOTChallenge
distractors: a truth box whose centre lies in one is removed, and so is every tracker box whose
centre lies in one or that overlaps a removed truth box at IoU >= 0.5 (an object on the region's
edge is neither a miss nor a false positive). The per-frame similarity is box IoU (TrackEval's own
_calculate_box_ious, 'xywh'), then TrackEval's HOTA, CLEAR (MOTA, ID switches) and Identity (IDF1)
metrics score the sequence exactly as its MotChallenge2DBox dataset would after preprocessing.
Prints one JSON object: HOTA, DetA, AssA (means over TrackEval's 19 alpha thresholds), MOTA, MOTP,
IDF1, IDSW, FP, FN, TP, gtIds, trackerIds, gtDets, trackerDets, trackeval (version).
"""
import argparse
import json
import sys

import numpy as np
import trackeval
from trackeval.datasets._base_dataset import _BaseDataset


def read_mot(path, cls, frames):
    """Rows of one class as {frame: [(id, x, y, w, h)]}."""
    out = {t: [] for t in range(1, frames + 1)}
    with open(path) as f:
        for line in f:
            p = line.strip().split(',')
            if len(p) < 6 or not p[0]:
                continue
            t, i = int(float(p[0])), int(float(p[1]))
            x, y, w, h = map(float, p[2:6])
            c = int(float(p[7])) if len(p) > 7 else cls
            if c != cls or t < 1 or t > frames:
                continue
            out[t].append((i, x, y, w, h))
    return out


def in_ignore(r, ignore):
    cx, cy = r[1] + r[3] / 2, r[2] + r[4] / 2
    return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in ignore)


def drop_ignored(gt, tr, ignore):
    """Removes truth boxes in ignore regions, and tracker boxes in them or matching a removed truth box (IoU >= 0.5)."""
    if not ignore:
        return gt, tr
    for t in gt:
        gone = [r for r in gt[t] if in_ignore(r, ignore)]
        gt[t] = [r for r in gt[t] if not in_ignore(r, ignore)]
        kept = []
        for r in tr[t]:
            if in_ignore(r, ignore):
                continue
            if gone:
                iou = _BaseDataset._calculate_box_ious(np.array([r[1:]], dtype=float), np.array([g[1:] for g in gone], dtype=float), box_format='xywh')
                if iou.max() >= 0.5:
                    continue
            kept.append(r)
        tr[t] = kept
    return gt, tr


def to_trackeval(gt, tr, frames):
    """The data dict TrackEval's metrics take: ids renumbered 0..n-1, IoU similarity per frame."""
    gt_map = {i: k for k, i in enumerate(sorted({r[0] for t in gt for r in gt[t]}))}
    tr_map = {i: k for k, i in enumerate(sorted({r[0] for t in tr for r in tr[t]}))}
    data = {'num_timesteps': frames, 'num_gt_ids': len(gt_map), 'num_tracker_ids': len(tr_map),
            'num_gt_dets': sum(len(gt[t]) for t in gt), 'num_tracker_dets': sum(len(tr[t]) for t in tr),
            'gt_ids': [], 'tracker_ids': [], 'similarity_scores': []}
    for t in range(1, frames + 1):
        g = np.array([r[1:] for r in gt[t]], dtype=float).reshape(-1, 4)
        d = np.array([r[1:] for r in tr[t]], dtype=float).reshape(-1, 4)
        data['gt_ids'].append(np.array([gt_map[r[0]] for r in gt[t]], dtype=int))
        data['tracker_ids'].append(np.array([tr_map[r[0]] for r in tr[t]], dtype=int))
        data['similarity_scores'].append(_BaseDataset._calculate_box_ious(g, d, box_format='xywh'))
    return data


def evaluate(gt_path, tr_path, frames, cls, ignore):
    gt, tr = drop_ignored(read_mot(gt_path, cls, frames), read_mot(tr_path, cls, frames), ignore)
    data = to_trackeval(gt, tr, frames)
    hota = trackeval.metrics.HOTA().eval_sequence(data)
    clear = trackeval.metrics.CLEAR({'PRINT_CONFIG': False}).eval_sequence(data)
    ident = trackeval.metrics.Identity({'PRINT_CONFIG': False}).eval_sequence(data)
    f = lambda v: round(float(v), 4)
    return {
        'HOTA': f(np.mean(hota['HOTA'])), 'DetA': f(np.mean(hota['DetA'])), 'AssA': f(np.mean(hota['AssA'])),
        'MOTA': f(clear['MOTA']), 'MOTP': f(clear['MOTP']), 'IDF1': f(ident['IDF1']),
        'IDSW': int(clear['IDSW']), 'FP': int(clear['CLR_FP']), 'FN': int(clear['CLR_FN']), 'TP': int(clear['CLR_TP']),
        'gtIds': data['num_gt_ids'], 'trackerIds': data['num_tracker_ids'],
        'gtDets': data['num_gt_dets'], 'trackerDets': data['num_tracker_dets'],
        'trackeval': trackeval.__version__,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--gt', required=True)
    ap.add_argument('--tracker', required=True)
    ap.add_argument('--frames', type=int, required=True)
    ap.add_argument('--class', dest='cls', type=int, required=True)
    ap.add_argument('--ignore', action='append', default=[], help='x1,y1,x2,y2 in source pixels')
    a = ap.parse_args()
    ignore = [tuple(map(float, s.split(','))) for s in a.ignore]
    json.dump(evaluate(a.gt, a.tracker, a.frames, a.cls, ignore), sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
