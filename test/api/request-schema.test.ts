// Config schemas as request schemas: fields with a default become optional at every depth, the
// bounds stay, and the input is left as it was.
import t from 'tap';
import { Type } from '@sinclair/typebox';
import { requestSchema } from '../../api/schemas/request-schema.js';

t.test('properties with a default are no longer required, at any depth', async (t) => {
  const inner = Type.Object({ a: Type.Number({ default: 1 }), b: Type.String() });
  const schema = Type.Object({
    id: Type.String({ minLength: 1 }),
    fps: Type.Number({ default: 5, minimum: 0.1 }),
    nested: Type.Object({ x: Type.Boolean({ default: true }) }, { default: {} }),
    list: Type.Array(inner),
    either: Type.Union([inner, Type.Null()]),
  });
  const out = requestSchema(schema) as { required?: string[]; properties: Record<string, { required?: string[]; minimum?: number; items?: { required?: string[] }; anyOf?: Array<{ required?: string[] }> }> };
  t.same(out.required, ['id', 'list', 'either']);
  t.equal(out.properties.fps.minimum, 0.1, 'bounds stay');
  t.equal(out.properties.nested.required, undefined, 'an object whose fields all have defaults requires nothing');
  t.same(out.properties.list.items?.required, ['b']);
  t.same(out.properties.either.anyOf?.[0].required, ['b']);
  t.same(schema.required, ['id', 'fps', 'nested', 'list', 'either'], 'the input is not changed');
  t.equal(Object.getOwnPropertySymbols(out).length, 0, 'plain JSON');
});
