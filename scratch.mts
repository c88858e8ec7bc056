import { createServer } from 'node:http';
import { FfmpegFrameSource } from './ingest/index.js';
const server = createServer((req, res) => { res.writeHead(Number(req.url?.slice(1, 4))); res.end(); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as any).port}`;
for (const p of ['404', '401']) {
  try { for await (const f of new FfmpegFrameSource({ url: `${base}/${p}.mp4` })) { void f; } } catch (e) { console.log((e as Error).message); }
}
server.close();
