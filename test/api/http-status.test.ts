// The error code -> HTTP status map is total over the catalogue, has nothing else, and maps
// fastify's own errors onto catalogue codes (fastify's lib/errors.js is the model).
import t from 'tap';
import { ERROR_CODES } from '../../core/index.js';
import { FRAMEWORK_ERROR_CODES, HTTP_STATUS_BY_CODE, apiCodeOfFrameworkError, httpStatusOf } from '../../api/http-status.js';

t.test('every catalogue code has one HTTP status, and the map holds nothing else', async (t) => {
  const codes = Object.keys(ERROR_CODES).sort();
  t.same(Object.keys(HTTP_STATUS_BY_CODE).sort(), codes, 'the map is total and has no stray keys');
  for (const code of codes) {
    const status = httpStatusOf(code);
    t.ok(Number.isInteger(status) && status >= 400 && status <= 599, `${code} -> ${status} is an error status`);
  }
  t.equal(httpStatusOf('E_NOT_A_CODE'), 500, 'an unknown code is a server fault');
});

t.test('the API codes have their statuses', async (t) => {
  t.equal(httpStatusOf('E_API_BAD_REQUEST'), 400);
  t.equal(httpStatusOf('E_API_NOT_FOUND'), 404);
  t.equal(httpStatusOf('E_API_PAYLOAD_TOO_LARGE'), 413);
  t.equal(httpStatusOf('E_API_UNSUPPORTED_MEDIA_TYPE'), 415);
  t.equal(httpStatusOf('E_CAMERA_NOT_FOUND'), 404);
  t.equal(httpStatusOf('E_CAMERA_EXISTS'), 409);
  t.equal(httpStatusOf('E_STORE_QUERY_INVALID'), 400);
  t.equal(httpStatusOf('E_INTERNAL'), 500);
});

t.test("fastify's errors map onto catalogue codes", async (t) => {
  for (const [fst, code] of Object.entries(FRAMEWORK_ERROR_CODES)) t.ok(code in ERROR_CODES, `${fst} -> ${code} is in the catalogue`);
  t.equal(apiCodeOfFrameworkError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }), 'E_API_PAYLOAD_TOO_LARGE');
  t.equal(apiCodeOfFrameworkError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }), 'E_API_UNSUPPORTED_MEDIA_TYPE');
  t.equal(apiCodeOfFrameworkError({ code: 'FST_ERR_VALIDATION', statusCode: 400 }), 'E_API_BAD_REQUEST');
  t.equal(apiCodeOfFrameworkError({ code: 'FST_INVALID_MULTIPART_CONTENT_TYPE', statusCode: 406 }), 'E_API_UNSUPPORTED_MEDIA_TYPE', 'by code before status');
  t.equal(apiCodeOfFrameworkError({ statusCode: 400 }), 'E_API_BAD_REQUEST', 'an uncoded 4xx is a bad request');
  t.equal(apiCodeOfFrameworkError({ statusCode: 413 }), 'E_API_PAYLOAD_TOO_LARGE');
  t.equal(apiCodeOfFrameworkError({}), 'E_INTERNAL', 'anything else is internal');
  t.equal(apiCodeOfFrameworkError({ statusCode: 502 }), 'E_INTERNAL');
});
