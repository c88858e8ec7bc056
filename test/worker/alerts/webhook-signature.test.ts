// The signature scheme (Standard Webhooks 1.0): fixed vectors computed outside Node (openssl), the
// key rules for whsec_ and plain secrets, and every way a forged, altered, replayed, re-labelled
// or malformed delivery is refused.
import t from 'tap';
import { signWebhookPayload, verifyWebhookSignature, webhookSecretKey } from '../../../worker/index.js';

// The Standard Webhooks reference vector; openssl agrees:
// printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}' \
//   | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | base64 -d | xxd -p) -binary | base64
const STD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1_614_265_330;
const BODY = '{"test": 2432232314}';
const STD_VECTOR = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
// A plain secret is keyed by its UTF-8 bytes: ... | openssl dgst -sha256 -hmac 'a-plain-secret-of-32-characters!' -binary | base64
const PLAIN_SECRET = 'a-plain-secret-of-32-characters!';
const PLAIN_VECTOR = 'v1,O0U++DOm9QepecdSFHzhMUzMADh8s/nZ26ehiXuj6CI=';
const NOW = TS * 1000 + 10_000;
const delivery = { id: ID, timestamp: TS, body: BODY };

t.test('signs v1,base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>"))', async (t) => {
  t.equal(signWebhookPayload(STD_SECRET, delivery), STD_VECTOR, 'whsec_ secret: the base64-decoded bytes are the key');
  t.equal(signWebhookPayload(PLAIN_SECRET, delivery), PLAIN_VECTOR, 'other secrets: their UTF-8 bytes');
  t.equal(signWebhookPayload(STD_SECRET, { id: ID, timestamp: String(TS), body: Buffer.from(BODY) }), STD_VECTOR, 'string timestamp and raw bytes agree');
  t.equal(webhookSecretKey(STD_SECRET).length, 24);
});

t.test('verifies a good signature; refuses tampering, wrong secret, replays and garbage', async (t) => {
  const ok = (d: Partial<typeof delivery>, header: string | null | undefined, o = { nowMs: NOW }) =>
    verifyWebhookSignature(STD_SECRET, { ...delivery, ...d }, header, o);
  t.ok(ok({}, STD_VECTOR));
  t.ok(ok({ body: Buffer.from(BODY) as never }, STD_VECTOR), 'raw bytes');
  t.ok(ok({}, `v1,${'A'.repeat(43)}= ${STD_VECTOR}`), 'any entry of a space-separated list (secret rotation)');
  t.notOk(ok({ body: '{"test": 2432232315}' }, STD_VECTOR), 'altered body');
  t.notOk(verifyWebhookSignature('whsec_' + Buffer.alloc(24, 7).toString('base64'), delivery, STD_VECTOR, { nowMs: NOW }), 'wrong secret');
  t.notOk(ok({ timestamp: TS + 1 }, STD_VECTOR), 'timestamp not the signed one');
  t.notOk(ok({ id: 'msg_another' }, STD_VECTOR), 'a captured delivery under a new id');
  t.notOk(ok({ id: `${ID}.${TS}` , timestamp: TS }, STD_VECTOR), 'ids with a dot cannot shift the fields');
  t.notOk(ok({}, STD_VECTOR, { nowMs: NOW + 300_000 }), 'older than the 5-minute tolerance: a replay');
  t.notOk(ok({}, STD_VECTOR, { nowMs: TS * 1000 - 310_000 }), 'from the future beyond the tolerance');
  t.ok(verifyWebhookSignature(STD_SECRET, delivery, STD_VECTOR, { nowMs: NOW + 86_400_000, toleranceSeconds: Infinity }), 'Infinity skips the replay check');
  for (const bad of [undefined, null, '', 'v1,', 'v1a,' + STD_VECTOR.slice(3), STD_VECTOR.slice(0, -2), `${STD_VECTOR}AA`, 'sha256=' + 'a'.repeat(64), STD_VECTOR.replace('v1,', 'v1=')]) {
    t.notOk(ok({}, bad), `malformed header ${JSON.stringify(bad)}`);
  }
  for (const ts of [undefined, '', 'abc', '-1', '1.5']) t.notOk(verifyWebhookSignature(STD_SECRET, { ...delivery, timestamp: ts }, STD_VECTOR, { toleranceSeconds: Infinity }), `timestamp ${JSON.stringify(ts)}`);
  for (const id of [undefined, null, '']) t.notOk(verifyWebhookSignature(STD_SECRET, { ...delivery, id }, STD_VECTOR, { nowMs: NOW }), `id ${JSON.stringify(id)}`);
});
