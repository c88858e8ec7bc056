// Transfers over real HTTP from a node:http server on 127.0.0.1: an HTTP mirror, the manifest
// URLs, and every way a transfer goes wrong (wrong bytes, too many bytes, 404, 500, refused,
// timeout), each leaving nothing in the cache.
import t from 'tap';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchModel, getModelSpec, resolveModel, resolveModelSpec, type ModelSpec } from '../../models/index.js';
import { MODEL_DIR } from '../helpers/fixtures.js';

// OSNet is the smallest model (0.9 MB), which keeps these transfers quick.
const spec = getModelSpec('osnet-x0.25-msmt17');
const bytes = readFileSync(join(MODEL_DIR, spec.file));
const offline: NodeJS.ProcessEnv = { SHARPEYE_OFFLINE: '1' };
const online: NodeJS.ProcessEnv = {};

const made: string[] = [];
t.teardown(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-download-'));
  made.push(dir);
  return dir;
}

interface Served { url: string; hits: string[] }
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Served> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}
const fileAt = (path: string, body: Buffer) => (req: IncomingMessage, res: ServerResponse) =>
  (req.url === path ? res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body) : res.writeHead(404).end());
/** The manifest entry with its download URLs pointed at a test server. */
const withUrls = (...urls: string[]): ModelSpec => ({ ...spec, urls });

t.test('an HTTP mirror: verified into the cache once, then served from the cache', async (t) => {
  const mirror = await serve(fileAt(`/models/${spec.file}`, bytes));
  const cacheDir = tempDir();
  const r = await resolveModel(spec.name, { cacheDir, mirror: `${mirror.url}/models`, env: offline });
  t.same([r.source, r.path, r.origin], ['mirror', join(cacheDir, spec.file), `${mirror.url}/models/${spec.file}`]);
  t.same(readFileSync(r.path), bytes);
  t.same(readdirSync(cacheDir), [spec.file], 'no temp file is left beside it');
  const again = await resolveModel(spec.name, { cacheDir, mirror: `${mirror.url}/models/`, env: offline });
  t.equal(again.source, 'cache');
  t.same(mirror.hits, [`/models/${spec.file}`], 'the mirror was asked once');
});

t.test('downloads from the manifest URLs, after a mirror that lacks the file', async (t) => {
  const origin = await serve(fileAt('/weights.onnx', bytes));
  const mirror = await serve(fileAt('/nothing', bytes));
  const cacheDir = tempDir();
  const r = await resolveModelSpec(withUrls(`${origin.url}/missing.onnx`, `${origin.url}/weights.onnx`), { cacheDir, mirror: mirror.url, env: online });
  t.same([r.source, r.origin], ['download', `${origin.url}/weights.onnx`]);
  t.same(readFileSync(join(cacheDir, spec.file)), bytes);
  t.same(origin.hits, ['/missing.onnx', '/weights.onnx'], 'URLs are tried in order');
});

t.test('offline (env or option) never contacts the manifest URLs', async (t) => {
  const origin = await serve(fileAt('/weights.onnx', bytes));
  const entry = withUrls(`${origin.url}/weights.onnx`);
  await t.rejects(resolveModelSpec(entry, { cacheDir: tempDir(), env: offline }), { code: 'E_MODEL_NOT_FOUND', message: /downloads are off/ });
  await t.rejects(resolveModelSpec(entry, { cacheDir: tempDir(), download: false, env: online }), { code: 'E_MODEL_NOT_FOUND' });
  t.same(origin.hits, []);
  t.equal((await resolveModelSpec(entry, { cacheDir: tempDir(), download: true, env: offline })).source, 'download', 'the option overrides the environment');
});

t.test('wrong bytes: E_MODEL_CHECKSUM with the expected sha256, nothing in the cache', async (t) => {
  const bad = await serve((_req, res) => res.writeHead(200).end('not the model'));
  const cacheDir = tempDir();
  await t.rejects(resolveModel(spec.name, { cacheDir, mirror: bad.url, env: offline }), {
    code: 'E_MODEL_CHECKSUM',
    message: new RegExp(`mirror file ${bad.url}/${spec.file} has sha256 [0-9a-f]{64} \\(13 bytes\\), expected sha256 ${spec.sha256}.*nothing was written to the cache`),
  });
  t.same(readdirSync(cacheDir), []);
});

t.test('more bytes than the manifest says: the transfer stops, nothing in the cache', async (t) => {
  const huge = await serve((_req, res) => res.writeHead(200).end(Buffer.concat([bytes, bytes])));
  const cacheDir = tempDir();
  await t.rejects(resolveModelSpec(withUrls(`${huge.url}/x.onnx`), { cacheDir, env: online }), {
    code: 'E_MODEL_CHECKSUM', message: new RegExp(`download file ${huge.url}/x.onnx has more than the expected ${spec.bytes} bytes`),
  });
  t.same(readdirSync(cacheDir), []);
});

t.test('404 and 500: E_MODEL_DOWNLOAD naming the URL, retryable only for the server error', async (t) => {
  const missing = await serve((_req, res) => res.writeHead(404).end());
  const broken = await serve((_req, res) => res.writeHead(500).end());
  const cacheDir = tempDir();
  await t.rejects(resolveModel(spec.name, { cacheDir, mirror: missing.url, env: offline }), {
    code: 'E_MODEL_DOWNLOAD', retryable: false,
    message: new RegExp(`searched: .*mirror ${missing.url}/${spec.file} \\(HTTP 404 Not Found\\).*sharpeye models fetch ${spec.name} --from DIR`),
  });
  await t.rejects(resolveModelSpec(withUrls(`${broken.url}/a.onnx`), { cacheDir, env: online }), {
    code: 'E_MODEL_DOWNLOAD', retryable: true, message: /\(HTTP 500 Internal Server Error\)/,
  });
  t.same(readdirSync(cacheDir), []);
});

t.test('a refused connection and a server that never answers: E_MODEL_DOWNLOAD', async (t) => {
  const refused = await closedPortUrl();
  await t.rejects(resolveModelSpec(withUrls(`${refused}/x.onnx`), { cacheDir: tempDir(), env: online }), {
    code: 'E_MODEL_DOWNLOAD', retryable: true, message: /fetch failed: ECONNREFUSED/,
  });
  const silent = await serve(() => undefined); // holds the request open until teardown
  const started = Date.now();
  await t.rejects(resolveModelSpec(withUrls(`${silent.url}/x.onnx`), { cacheDir: tempDir(), timeoutMs: 300, env: online }), {
    code: 'E_MODEL_DOWNLOAD', retryable: true, message: /no complete answer within 300 ms/,
  });
  t.ok(Date.now() - started < 5000, 'the time limit applies');
  const stalls = await serve((_req, res) => res.writeHead(200).write(bytes.subarray(0, 1000))); // half an answer, then nothing
  const cacheDir = tempDir();
  await t.rejects(resolveModelSpec(withUrls(`${stalls.url}/x.onnx`), { cacheDir, timeoutMs: 300, env: online }), {
    code: 'E_MODEL_DOWNLOAD', message: /no complete answer within 300 ms/,
  });
  t.same(readdirSync(cacheDir), [], 'the partial file is removed');
});

t.test('a transfer cancelled by its AbortSignal stops at once', async (t) => {
  const silent = await serve(() => undefined);
  const controller = new AbortController();
  const pending = resolveModelSpec(withUrls(`${silent.url}/a.onnx`, `${silent.url}/b.onnx`), { cacheDir: tempDir(), signal: controller.signal, env: online });
  setTimeout(() => controller.abort(), 100);
  await t.rejects(pending, { code: 'E_MODEL_DOWNLOAD', retryable: false, message: /a\.onnx \(cancelled\)/ });
  t.same(silent.hits, ['/a.onnx'], 'no further URL is tried');
});

/** A URL on 127.0.0.1 where nothing listens any more. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

t.test('an entry from outside the manifest is validated before its file name is used', async (t) => {
  await t.rejects(resolveModelSpec({ ...spec, file: '../escape.onnx' }, { cacheDir: tempDir(), env: offline }), { code: 'E_CONFIG_INVALID', message: /field \/file/ });
});

t.test('concurrent resolutions of one model share one transfer', async (t) => {
  const mirror = await serve(fileAt(`/${spec.file}`, bytes));
  const cacheDir = tempDir();
  const results = await Promise.all([1, 2, 3].map(() => resolveModel(spec.name, { cacheDir, mirror: mirror.url, env: offline })));
  t.same(results.map((r) => r.path), [1, 2, 3].map(() => join(cacheDir, spec.file)));
  t.equal(mirror.hits.length, 1);
});

t.test('fetch --from an http URL', async (t) => {
  const mirror = await serve(fileAt(`/m/${spec.file}`, bytes));
  const cacheDir = tempDir();
  const r = await fetchModel(spec.name, { from: `${mirror.url}/m/`, cacheDir, env: offline });
  t.same([r.source, r.origin], ['mirror', `${mirror.url}/m/${spec.file}`]);
});
