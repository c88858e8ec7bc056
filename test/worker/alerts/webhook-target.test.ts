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
