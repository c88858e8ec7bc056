"""Re-times a MOTChallenge truth file drawn on frames of ffmpeg's old `fps=N` filter to the frames
sharpeye samples now (one-off migration, kept for the record).

The old filter (round=near) emitted, for output frame k, the LAST source frame whose time t
satisfies t*N < k + 0.5, labelled k/N; sharpeye's drop-only sampler passes the FIRST source frame of
each 1/N slot with its real time. The truth's boxes were drawn on the old frames, so each identity's
box is linearly interpolated (between the two old frames around it) to the new frame's real time.
Usage: retime_mot.py GT_TXT SOURCE_FPS SAMPLE_FPS  (rewrites GT_TXT in place)
"""
import sys
from collections import defaultdict

path, src_fps, fps = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rows = [line.strip().split(",") for line in open(path) if line.strip()]
frames = max(int(r[0]) for r in rows)
src = [j / src_fps for j in range(int((frames + 2) / fps * src_fps) + 2)]
old_t = {k: max(t for t in src if t * fps < (k - 1) + 0.5 - 1e-9) for k in range(1, frames + 1)}
new_t = {k: min(t for t in src if t >= (k - 1) / fps - 0.0015) for k in range(1, frames + 1)}
by_id = defaultdict(dict)
for r in rows:
    by_id[int(r[1])][int(r[0])] = r
out = []
for k in range(1, frames + 1):
    t = new_t[k]
    for tid, seen in by_id.items():
        before = [f for f in seen if old_t[f] <= t + 1e-9]
        after = [f for f in seen if old_t[f] >= t - 1e-9]
        a = max(before) if before else None
        b = min(after) if after else None
        if a is None and b is None:
            continue
        if a is None or b is None:
            # Outside this identity's annotated span: keep the nearest box only when it is the same output frame.
            f = a if a is not None else b
            if f != k:
                continue
            box = [float(v) for v in seen[f][2:6]]
            base = seen[f]
        elif a == b or old_t[b] == old_t[a]:
            box, base = [float(v) for v in seen[a][2:6]], seen[a]
        else:
            if b - a > 1 and k not in seen:
                continue  # a gap in the truth stays a gap
            w = (t - old_t[a]) / (old_t[b] - old_t[a])
            box = [(1 - w) * float(x) + w * float(y) for x, y in zip(seen[a][2:6], seen[b][2:6])]
            base = seen[a] if w < 0.5 else seen[b]
        out.append([str(k), str(tid)] + [str(round(v)) for v in box] + base[6:])
out.sort(key=lambda r: (int(r[0]), int(r[1])))
with open(path, "w") as fh:
    fh.write("\n".join(",".join(r) for r in out) + "\n")
print(f"{path}: {len(rows)} boxes -> {len(out)}; mean |new-old| time {sum(abs(new_t[k]-old_t[k]) for k in old_t)/frames*1000:.0f} ms")
