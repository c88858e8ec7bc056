// CameraView (node/ports.ts) as a TypeBox schema, the camera id path parameter, and the JPEG
// response entry shared by the image routes.
import { Type } from '@sinclair/typebox';

/** Camera ids as the config accepts them (ingest's camera schema). */
export const CameraIdParams = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'camera id' }),
});

const Count = (description: string) => Type.Number({ minimum: 0, description });

export const CameraStatusSchema = Type.Object({
  state: Type.String({ description: 'connecting, running, reconnecting, stopped, failed ... or disabled' }),
  framesDecoded: Count('frames decoded since start'),
  framesDropped: Count('frames replaced by a newer one before the detector took them'),
  reconnects: Count('stream reconnects'),
  loops: Count('file cameras: times the file was played again from the start'),
  inputFps: Type.Number({ description: 'decoded frames per second, recent' }),
  inferences: Count('frames the detector ran on'),
  skippedByGate: Count('frames skipped by the motion gate'),
  latencyP50Ms: Type.Union([Type.Number(), Type.Null()], { description: 'median frame-to-detections latency, ms' }),
  lastFrameAtMs: Type.Union([Type.Number(), Type.Null()], { description: 'wall-clock ms of the newest frame' }),
  lastError: Type.Union([Type.Object({ code: Type.String(), message: Type.String(), atMs: Type.Number() }), Type.Null()]),
});

export const CameraViewSchema = Type.Object({
  id: Type.String(),
  config: Type.Object({
    id: Type.String(),
    url: Type.String({ description: 'the stream URL, credentials removed' }),
    enabled: Type.Boolean(),
  }, { additionalProperties: true, description: 'the camera entry as validated (defaults filled in), without username/password' }),
  hasCredentials: Type.Boolean({ description: 'whether the camera has a username/password (never shown)' }),
  status: CameraStatusSchema,
});

/** Response entry of an image route (OpenAPI `content`); the bytes are sent as they are. */
export const JpegResponse = {
  description: 'a JPEG image',
  content: { 'image/jpeg': { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } },
};
