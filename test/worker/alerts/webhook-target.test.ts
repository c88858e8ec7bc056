// Target config: defaults filled, bounds and URLs checked with errors that name the field, and
// credentials moved out of the URL into basic auth and masked everywhere else.
import t from 'tap';
import { isSharpeyeError } from '../../../core/index.js';
import { resolveWebhookTargets } from '../../../worker/index.js';

t.test('defaults', async (t) => {
  const [target] = resolveWebhookTargets([{ url: 'https://hooks.example.com/a' }]);
  t.equal(target.id, 'webhook-0');
  t.match(target.config, { ruleIds: [], headers: {}, timeoutMs: 5000, maxAttempts: 6, initialDelayMs: 1000, maxDelayMs: 60_000, jitter: 0.2, capacity: 1000, concurrency: 2 });
  t.ok(Object.isFrozen(target.config));
});

t.test('credentials in the URL become basic auth and are masked', async (t) => {
  const [target] = resolveWebhookTargets([{ id: 'ops', url: 'https://bob:p%40ss@hooks.example.com/a?token=tok123&x=1' }]);
  t.equal(target.fetchUrl, 'https://hooks.example.com/a?token=tok123&x=1', 'userinfo removed (fetch refuses it)');
  t.equal(target.headers.authorization, `Basic ${Buffer.from('bob:p@ss').toString('base64')}`);
  t.equal(target.safeUrl, 'https://***@hooks.example.com/a?token=***&x=1');
  t.ok(target.secrets.includes('p@ss') && target.secrets.includes('tok123'));
  const [own] = resolveWebhookTargets([{ url: 'https://bob:pw@h.example/a', headers: { Authorization: 'Bearer x' } }]);
  t.equal(own.headers.authorization, undefined, 'a configured Authorization header wins');
});

t.test('invalid targets: E_CONFIG_INVALID naming targets[i].field, secrets masked', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [[{ url: 'ftp://h/a' }], /targets\[0\]\.url: must be an http/],
    [[{ url: 'https://h/a' }, { url: 'https://h/b', maxAttempts: 0 }], /targets\[1\]\.maxAttempts/],
    [[{ url: 'https://h/a', jitter: 2 }], /targets\[0\]\.jitter/],
    [[{ url: 'https://h/a', initialDelayMs: 500, maxDelayMs: 100 }], /targets\[0\]\.maxDelayMs: must be at least initialDelayMs/],
    [[{ id: 'x', url: 'https://h/a' }, { id: 'x', url: 'https://h/b' }], /targets\[1\]\.id: duplicate target id 'x'/],
    [[{ url: 'https://h/a', bogus: 1 }], /targets\[0\]/],
  ];
  for (const [targets, message] of cases) {
    const err = t.throws(() => resolveWebhookTargets(targets as never));
    t.ok(isSharpeyeError(err, 'E_CONFIG_INVALID'), 'E_CONFIG_INVALID');
    t.match((err as Error).message, message);
  }
  const err = t.throws(() => resolveWebhookTargets([{ url: 'gopher://bob:hunter22@h/a?token=tok' }]));
  t.notMatch((err as Error).message, /hunter22|tok(?!en)/);
});

t.test('link-local and metadata hosts are refused in every spelling unless allowLinkLocal', async (t) => {
  // WHATWG URL parsing turns decimal, hex, octal and short IPv4 forms into dotted quads first.
  const refused = [
    'http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://0xA9FEA9FE/', 'http://0251.0376.0251.0376/',
    'http://0xa9.0xfe.0xa9.0xfe/', 'http://169.254.43518/', 'http://169.16689662/', 'https://169.254.0.1:8443/hook',
    'http://[fe80::1]/', 'http://[FE80::a9fe:a9fe]/', 'http://[febf:ffff::1]/', 'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/', 'http://[::169.254.169.254]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[64:ff9b:1::a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::1]/', 'http://[fd00:ec2::254]/', 'http://100.100.100.200/', 'http://user:pw@169.254.169.254./x',
  ];
  for (const url of refused) {
    const err = t.throws(() => resolveWebhookTargets([{ url }], 'serve.yaml', 'webhooks'), url);
    t.ok(isSharpeyeError(err, 'E_CONFIG_INVALID'), `${url}: E_CONFIG_INVALID`);
    t.match((err as Error).message, /^serve\.yaml: webhooks\[0\]\.url: host .*(link-local|metadata).*allowLinkLocal: true/, url);
    t.notMatch((err as Error).message, /user:pw|\bpw@/, 'credentials masked');
    t.doesNotThrow(() => resolveWebhookTargets([{ url, allowLinkLocal: true }]), `${url} with allowLinkLocal`);
  }
  // Never a destination, whatever the flag says.
  for (const url of ['http://0.0.0.0/', 'http://0/', 'http://0x0/', 'http://[::]/', 'http://[::ffff:0.0.0.0]/', 'http://224.0.0.1/', 'http://[ff02::1]/', 'http://255.255.255.255/']) {
    const err = t.throws(() => resolveWebhookTargets([{ url, allowLinkLocal: true }]), url);
    t.match((err as Error).message, /url: host .*(unspecified|multicast|broadcast)/, url);
    t.notMatch((err as Error).message, /allowLinkLocal/, `${url}: no flag offered`);
  }
  // Ordinary private and loopback receivers stay allowed (webhooks often go to internal services).
  for (const url of ['http://127.0.0.1:9/', 'http://[::1]/', 'http://10.0.0.5/', 'http://192.168.1.10/', 'http://172.16.0.1/', 'http://169.253.255.255/', 'http://169.255.0.1/', 'http://[fec0::1]/', 'http://[::ffff:10.0.0.1]/', 'https://hooks.example.com/']) {
    t.doesNotThrow(() => resolveWebhookTargets([{ url }]), url);
  }
});

t.test('secrets must be real keys; sharpeye-owned headers cannot be configured', async (t) => {
  const cases: Array<[object, RegExp]> = [
    [{ secret: 'short' }, /targets\[0\]\.secret: is 5 bytes long; use at least 24/],
    [{ secret: 'whsec_dGVzdA==' }, /targets\[0\]\.secret: is 4 bytes long/],
    [{ secret: 'whsec_not base64!' }, /targets\[0\]\.secret: a whsec_ secret must be followed by base64/],
    [{ headers: { 'Webhook-Signature': 'v1,forged' } }, /targets\[0\]\.headers: 'Webhook-Signature' is set by sharpeye/],
    [{ headers: { 'X-Sharpeye-Event': 'forged' } }, /targets\[0\]\.headers: 'X-Sharpeye-Event' is set by sharpeye/],
    [{ headers: { 'content-type': 'text/plain' } }, /targets\[0\]\.headers: 'content-type'/],
  ];
  for (const [extra, message] of cases) {
    const err = t.throws(() => resolveWebhookTargets([{ url: 'https://h.example/a', ...extra }]));
    t.ok(isSharpeyeError(err, 'E_CONFIG_INVALID'));
    t.match((err as Error).message, message);
    t.notMatch((err as Error).message, /dGVzdA|not base64|'short'/, 'the secret is never quoted');
  }
  t.doesNotThrow(() => resolveWebhookTargets([{ url: 'https://h.example/a', secret: 'whsec_' + Buffer.alloc(24, 1).toString('base64') }]));
  t.doesNotThrow(() => resolveWebhookTargets([{ url: 'https://h.example/a', secret: 'x'.repeat(24), headers: { 'x-team': 'ops', Authorization: 'Bearer t' } }]));
});
