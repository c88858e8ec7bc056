// `serve --json-lines`: the node's data events as JSON lines on stdout, in the shapes serve has
// always written (README "Object events"): camera, detections, object, alert, crossing, count,
// retention, webhook, error, periodic stats and the closing summary. Camera credentials that slip
// into a message are masked by the node's redaction.
import { confirmedTracksToJson, detectionToJson, type NodeSummary, type SharpeyeNode } from '../node/index.js';
import type { CliIo } from './cli-io.js';

export function writeJsonLines(node: SharpeyeNode, io: CliIo, statsEverySeconds: number) {
  const emit = (obj: Record<string, unknown>) => io.stdout.write(node.redact(JSON.stringify(obj)) + '\n');
  node.on('camera', (s) => emit({ type: 'camera', id: s.id, state: s.state, framesDecoded: s.framesDecoded, framesDropped: s.framesDropped, reconnects: s.reconnects, lastError: s.lastError }));
  node.on('detections', (r, tracks) => emit({
    type: 'detections', camera: r.sourceId, frame: r.frameIndex, pts: r.ptsMs / 1000, latencyMs: r.latencyMs, detections: r.detections.map(detectionToJson),
    ...(tracks ? { tracks: confirmedTracksToJson(tracks) } : {}),
  }));
  node.on('crossing', (c) => emit({ type: 'crossing', rule: c.ruleId, line: c.line, camera: c.camera, trackId: c.trackId, label: c.label, direction: c.direction, frame: c.frameIndex, pts: c.ptsMs / 1000 }));
  node.on('alert', ({ seq, event: a }) => {
    const { type: ruleType, ...alert } = a.alert;
    emit({ type: 'alert', event: a.kind, seq, frame: a.frameIndex, pts: a.ptsMs / 1000, ruleType, ...alert });
  });
  node.on('object', (o) => emit({ type: 'object', ...o }));
  node.on('count', (camera, i) => emit({ type: 'count', camera, rule: i.ruleId, line: i.line, fromPts: i.startPtsMs / 1000, toPts: i.endPtsMs / 1000, forward: i.forward, backward: i.backward, byLabel: i.byLabel }));
  node.on('retention', (r) => emit({ type: 'retention', events: r.events, blobs: r.blobs }));
  node.on('webhookFailed', (info) => emit({ type: 'webhook', event: 'failed', target: info.targetId, deliveryId: info.deliveryId, alertId: info.alertId, attempts: info.attempts, code: info.error.code, message: info.error.message }));
  node.on('failure', ({ camera, error }) => emit({ type: 'error', ...(camera ? { camera } : {}), code: error.code, message: error.message }));
  const timer = statsEverySeconds > 0 ? setInterval(() => emit({ type: 'stats', ...node.stats() }), statsEverySeconds * 1000) : undefined;
  return {
    summary(stoppedBy: string, s: NodeSummary) {
      clearInterval(timer);
      emit({ type: 'summary', stoppedBy, ...s });
    },
  };
}
