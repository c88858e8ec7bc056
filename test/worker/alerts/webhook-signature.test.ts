// The signature scheme: a fixed vector computed outside Node (openssl), and every way a forged,
// altered, replayed or malformed delivery is refused.
import t from 'tap';
import { signWebhookPayload, verifyWebhookSignature } from '../../../worker/index.js';

// printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
const VECTOR = 'sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789';
const TS = 1_700_000_000;
const NOW = TS * 1000 + 10_000;
const BODY = '{"a":1}';

t.test('signs HMAC-SHA256 of "<timestamp>.<body>" as sha256=<hex>', async (t) => {
  t.equal(signWebhookPayload('whsec_test', TS, BODY), VECTOR);
  t.equal(signWebhookPayload('whsec_test', String(TS), Buffer.from(BODY)), VECTOR, 'string timestamp and raw bytes agree');
});

t.test('verifies a good signature; refuses tampering, wrong secret, replays and garbage', async (t) => {
  t.ok(verifyWebhookSignature('whsec_test', String(TS), BODY, VECTOR, 300, NOW));
  t.ok(verifyWebhookSignature('whsec_test', TS, Buffer.from(BODY), VECTOR.toUpperCase().replace('SHA256', 'sha256'), 300, NOW), 'hex case ignored');
  t.notOk(verifyWebhookSignature('whsec_test', TS, '{"a":2}', VECTOR, 300, NOW), 'altered body');
  t.notOk(verifyWebhookSignature('whsec_other', TS, BODY, VECTOR, 300, NOW), 'wrong secret');
  t.notOk(verifyWebhookSignature('whsec_test', TS + 1, BODY, VECTOR, 300, NOW), 'timestamp not the signed one');
  t.notOk(verifyWebhookSignature('whsec_test', TS, BODY, VECTOR, 5, NOW), 'older than the tolerance: a replay');
  t.ok(verifyWebhookSignature('whsec_test', TS, BODY, VECTOR, Infinity, NOW + 86_400_000), 'Infinity skips the replay check');
  for (const bad of [undefined, null, '', 'sha256=', 'sha1=' + VECTOR.slice(7), VECTOR.slice(0, -2), `${VECTOR}00`, 'sha256=' + 'z'.repeat(64)]) {
    t.notOk(verifyWebhookSignature('whsec_test', TS, BODY, bad, 300, NOW), `malformed header ${JSON.stringify(bad)}`);
  }
  for (const ts of [undefined, '', 'abc', '-1', '1.5']) t.notOk(verifyWebhookSignature('whsec_test', ts, BODY, VECTOR, Infinity, NOW), `timestamp ${JSON.stringify(ts)}`);
});
