// NodeEventExport: the node's EventExport port. GA/T 1400 documents (indexer's mapping) with each
// camera's DeviceID looked up when the export reaches its first event of that camera, so cameras
// added or changed at run time export with their current `gat1400DeviceId`.
import { gat1400DocumentChunks, type Gat1400CameraSettings, type Gat1400EventSource } from '../indexer/index.js';
import type { EventExport, Gat1400ExportOptions } from './ports.js';

export class NodeEventExport implements EventExport {
  /** `cameraConfig(id)`: the camera's validated config (or undefined for a camera no longer configured). */
  constructor(private readonly cameraConfig: (camera: string) => Readonly<Record<string, unknown>> | undefined) {}

  gat1400(source: Gat1400EventSource, o: Gat1400ExportOptions = {}): AsyncGenerator<string> {
    const seen = new Map<string, Gat1400CameraSettings | undefined>(); // one lookup per camera and export
    const camera = (id: string) => {
      if (!seen.has(id)) seen.set(id, this.#settings(id));
      return seen.get(id);
    };
    return gat1400DocumentChunks(source, { ...o, camera });
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
