// The one error shape of the API, `{ error: { code, message } }`, as a response schema.
import { Type } from '@sinclair/typebox';

export const ErrorResponseSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'a code from the error catalogue (README "Error codes")' }),
    message: Type.String(),
  }, { additionalProperties: true }),
}, { description: 'an error from the catalogue' });
