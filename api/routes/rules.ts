// A camera's zones, lines, rules and calibration, read and replaced as one document. PUT validates
// it like a rules file (the node's schema is the body schema; the node checks the rest, such as
// simple polygons and rules naming existing zones) and applies it to the running camera at once.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NodePorts } from '../../node/index.js';
import { errorResponses } from '../schemas/error-schema.js';
import { CameraIdParams } from '../schemas/camera-schema.js';
import { requestSchema } from '../schemas/request-schema.js';
import { cameraNotFound } from './cameras.js';

const RulesDocument = Type.Object({}, { additionalProperties: true, description: 'a rules document: { zones, lines, rules, calibration? } (README "Rules")' });

export const rulesRoutes: FastifyPluginAsyncTypebox<{ ports: NodePorts }> = async (app, { ports }) => {
  const cameras = ports.cameras;
  const tags = ['rules'];

  app.get('/api/cameras/:id/rules', {
    schema: { tags, summary: "A camera's rules document (empty when it has none)", params: CameraIdParams, response: { 200: RulesDocument, ...errorResponses(400, 404) } },
  }, async (request) => {
    if (cameras.get(request.params.id) === undefined) throw cameraNotFound(request.params.id);
    return cameras.getRules(request.params.id);
  });

  app.put('/api/cameras/:id/rules', {
    schema: {
      tags,
      summary: "Replace a camera's rules document; applied at once",
      description: '400 E_CONFIG_INVALID names the field, as for a rules file.',
      params: CameraIdParams,
      body: requestSchema(cameras.schemas.rules),
      response: { 200: RulesDocument, ...errorResponses(400, 404, 413, 415) },
    },
  }, async (request) => cameras.setRules(request.params.id, request.body));
};
