// NodeEventExport: the node's EventExport port. GA/T 1400 documents (indexer's mapping) with each
// camera's DeviceID looked up when an event of it is written, so cameras added or changed at run
// time export with their current `gat1400DeviceId`.
import { gat1400DocumentChunks, type Gat1400CameraSettings, type Gat1400EventSource } from '../indexer/index.js';
import type { EventExport, Gat1400ExportOptions } from './ports.js';

export class NodeEventExport implements EventExport {
  /** `cameraConfig(id)`: the camera's validated config (or undefined for a camera no longer configured). */
  constructor(private readonly cameraConfig: (camera: string) => Readonly<Record<string, unknown>> | undefined) {}

  gat1400(source: Gat1400EventSource, o: Gat1400ExportOptions = {}): AsyncGenerator<string> {
    return gat1400DocumentChunks(source, { ...o, camera: (id) => this.#settings(id) });
  }

  #settings(camera: string): Gat1400CameraSettings | undefined {
    const c = this.cameraConfig(camera);
    if (!c) return undefined;
    return {
      ...(typeof c.gat1400DeviceId === 'string' ? { deviceId: c.gat1400DeviceId } : {}),
      ...(typeof c.gat1400ImageUpBearingDegrees === 'number' ? { imageUpBearingDegrees: c.gat1400ImageUpBearingDegrees } : {}),
    };
  }
}
