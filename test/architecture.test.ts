// The stage layout stays visible: data flows one way (ingest/models -> inference -> analytics ->
// indexer; worker wires stages, node composes them and exposes ports, api serves the ports, cli
// is a shell), and a stage reaches into another only
// through that stage's public index.ts.
import t from 'tap';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { REPO_ROOT } from './helpers/fixtures.js';

const RANK: Record<string, number> = { core: 0, ingest: 1, models: 1, inference: 2, analytics: 3, indexer: 4, worker: 5, node: 6, api: 7, cli: 8 };

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

t.test('imports between stages go forward and through index.ts', async (t) => {
  let checked = 0;
  for (const stage of Object.keys(RANK)) {
    const dir = join(REPO_ROOT, stage);
    try { statSync(dir); } catch { continue; }
    for (const file of sources(dir)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = relative(REPO_ROOT, resolve(dirname(file), m[1]));
        const targetStage = target.split('/')[0];
        if (targetStage === stage || !(targetStage in RANK)) continue;
        checked++;
        const where = `${relative(REPO_ROOT, file)} -> ${target}`;
        t.ok(RANK[targetStage] < RANK[stage], `${where}: forward only`);
        t.ok(target === `${targetStage}/index.js`, `${where}: through ${targetStage}/index.ts`);
      }
    }
  }
  t.ok(checked > 10, `${checked} cross-stage imports checked`);
});

// The API is a shell over the node's ports: it may see core's public surface and the node's
// types, nothing of the pipeline, and no value from node/ (so it can sit over a remote node later).
t.test('api/ imports only core/index.js and types from node/index.js', async (t) => {
  const dir = join(REPO_ROOT, 'api');
  let checked = 0;
  for (const file of sources(dir)) {
    const text = readFileSync(file, 'utf8');
    const statements = text.match(/^(?:import|export)\b[^;]*?\bfrom\s*'[^']+'|import\s*\(\s*'[^']+'\s*\)/gms) ?? [];
    for (const statement of statements) {
      const spec = /'([^']+)'\s*\)?$/.exec(statement)?.[1];
      if (spec === undefined || !spec.startsWith('.')) continue;
      const target = relative(REPO_ROOT, resolve(dirname(file), spec));
      if (target.startsWith('api/')) continue;
      checked++;
      const where = `${relative(REPO_ROOT, file)} -> ${target}`;
      t.ok(target === 'core/index.js' || target === 'node/index.js', `${where}: only core/index.js and node/index.js`);
      if (target === 'node/index.js') t.match(statement, /^(?:import|export)\s+type\b/, `${where}: types only (import type)`);
    }
  }
  t.ok(checked >= 10, `${checked} imports from api/ checked`);
});
