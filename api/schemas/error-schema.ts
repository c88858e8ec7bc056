// The one error shape of the API, `{ error: { code, message } }`, as a TypeBox schema, and the
// response entries a route lists for the statuses it can answer with (so OpenAPI shows them).
import { Type, type Static } from '@sinclair/typebox';

export const ErrorResponseSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'a code of the error catalogue (README "Error codes"), e.g. E_CAMERA_NOT_FOUND' }),
    message: Type.String({ description: 'what happened and what to do, for people; branch on `code`, never on this text' }),
  }),
}, { $id: 'ErrorResponse', description: 'every error answer of the API has this shape' });

export type ErrorResponse = Static<typeof ErrorResponseSchema>;

const ErrorRef = Type.Ref('ErrorResponse');

/** Response schema entries for error statuses, e.g. `{ ...errorResponses(400, 404) }`; 500 is always listed. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorRef> {
  const out: Record<number, typeof ErrorRef> = {};
  for (const s of [...statuses, 500]) out[s] = ErrorRef;
  return out;
}
