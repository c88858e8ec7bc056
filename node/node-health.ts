// The node's health: liveness (the node runs) and readiness of what it depends on. 'down' once
// closing; 'degraded' when the store is not ok or an enabled camera is not running; else 'ok'.
import type { StoreHealth } from '../indexer/index.js';
import type { CameraStatusView, HealthState, NodeHealth } from './ports.js';

export interface HealthInputs {
  closed: boolean;
  startedAtMs: number;
  store: (StoreHealth & { kind: string }) | null;
  detector: { model: string; provider: string };
  cameras: ReadonlyArray<{ id: string; state: CameraStatusView['state'] }>;
}

export function nodeHealth(i: HealthInputs): NodeHealth {
  const cameras = i.cameras.map((c) => ({ id: c.id, state: c.state, ready: c.state === 'running' }));
  const detector = { state: (i.closed ? 'down' : 'ok') as HealthState, model: i.detector.model, provider: i.detector.provider };
  const degraded = (i.store !== null && i.store.state !== 'ok') || cameras.some((c) => c.state !== 'disabled' && !c.ready);
  return { state: i.closed ? 'down' : degraded ? 'degraded' : 'ok', startedAtMs: i.startedAtMs, store: i.store, detector, cameras };
}
