// Cameras at run time: list, add, change, remove, and the newest frame. Bodies are camera entries
// in the config file's shape, validated by the node's config model (its JSON Schema is the body
// schema here, so OpenAPI shows it); changes take effect without a restart.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SharpeyeError } from '../../core/index.js';
import type { CameraView, NodePorts } from '../../node/index.js';
import { errorResponses } from '../schemas/error-schema.js';
import { CameraIdParams, CameraViewSchema, JpegResponse } from '../schemas/camera-schema.js';
import { requestSchema } from '../schemas/request-schema.js';

const CREDENTIAL_KEYS = new Set(['username', 'password']);

/** The view with any credential keys dropped from its config (the node leaves them out already; this is the second lock). */
export function withoutCredentials(view: CameraView): CameraView {
  const config = Object.fromEntries(Object.entries(view.config).filter(([k]) => !CREDENTIAL_KEYS.has(k))) as CameraView['config'];
  return { ...view, config };
}

export function cameraNotFound(id: string): SharpeyeError {
  return new SharpeyeError('E_CAMERA_NOT_FOUND', `no camera '${id}' on this node; GET /api/cameras lists them`, { details: { camera: id } });
}

export const camerasRoutes: FastifyPluginAsyncTypebox<{ ports: NodePorts }> = async (app, { ports }) => {
  const cameras = ports.cameras;
  const tags = ['cameras'];

  app.get('/api/cameras', {
    schema: { tags, summary: 'List cameras with config and live status', response: { 200: Type.Object({ cameras: Type.Array(CameraViewSchema) }), ...errorResponses() } },
  }, async () => ({ cameras: cameras.list().map(withoutCredentials) }));

  app.post('/api/cameras', {
    schema: {
      tags,
      summary: 'Add a camera and start it',
      description: 'The body is one entry of `cameras` in the config file. 409 E_CAMERA_EXISTS when the id is taken; 400 E_CONFIG_INVALID names the field.',
      body: requestSchema(cameras.schemas.camera),
      response: { 201: CameraViewSchema, ...errorResponses(400, 409, 413, 415) },
    },
  }, async (request, reply) => {
    const view = await cameras.add(request.body);
    return reply.code(201).header('location', `/api/cameras/${encodeURIComponent(view.id)}`).send(withoutCredentials(view));
  });

  app.get('/api/cameras/:id', {
    schema: { tags, summary: 'One camera', params: CameraIdParams, response: { 200: CameraViewSchema, ...errorResponses(400, 404) } },
  }, async (request) => {
    const view = cameras.get(request.params.id);
    if (view === undefined) throw cameraNotFound(request.params.id);
    return withoutCredentials(view);
  });

  app.patch('/api/cameras/:id', {
    schema: {
      tags,
      summary: 'Change a camera (restarts it when needed)',
      description: 'Top-level keys of a camera entry, `id` excluded; they replace the current values.',
      params: CameraIdParams,
      body: requestSchema(cameras.schemas.cameraPatch),
      response: { 200: CameraViewSchema, ...errorResponses(400, 404, 413, 415) },
    },
  }, async (request) => withoutCredentials(await cameras.update(request.params.id, request.body)));

  app.delete('/api/cameras/:id', {
    schema: { tags, summary: 'Stop and remove a camera', params: CameraIdParams, response: { 204: Type.Null({ description: 'removed' }), ...errorResponses(400, 404) } },
  }, async (request, reply) => {
    await cameras.remove(request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/cameras/:id/snapshot.jpg', {
    schema: { tags, summary: 'The newest decoded frame as JPEG', params: CameraIdParams, response: { 200: JpegResponse, ...errorResponses(400, 404) } },
  }, async (request, reply) => {
    const { id } = request.params;
    if (cameras.get(id) === undefined) throw cameraNotFound(id);
    const jpeg = await cameras.latestFrameJpeg(id);
    if (jpeg === undefined) throw new SharpeyeError('E_IMAGE_NOT_FOUND', `camera '${id}' has not decoded a frame yet; try again once its state is running`, { details: { camera: id } });
    return reply.type('image/jpeg').header('cache-control', 'no-store').send(Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength));
  });
};
