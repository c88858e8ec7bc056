// The Dockerfile, checked without a Docker engine (CI has none): its stages, the system packages
// the decoders need (ffmpeg, GStreamer with the Python launcher's bindings), a runtime stage made
// from the packed npm package with production dependencies from the lock file, the compiled bin as
// entry point, and a build context that cannot leak a local node_modules/ or a stale dist/.
// test/deploy/package.test.ts runs the same unpack + `npm ci --omit=dev` steps for real.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.js';

interface Instruction { op: string; args: string }
interface Stage { from: string; name?: string; steps: Instruction[] }

/** Dockerfile instructions (comments dropped, `\` continuations joined), grouped by stage. */
function parseDockerfile(text: string): Stage[] {
  const logical = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n').replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const line of logical.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`not an instruction: ${line}`);
    const op = m[1].toUpperCase(), args = m[2].replace(/\s+/g, ' ');
    if (op === 'FROM') {
      const [from, , name] = args.split(' ');
      stages.push({ from, name, steps: [] });
    } else {
      if (stages.length === 0) throw new Error(`${op} before FROM`);
      stages.at(-1)!.steps.push({ op, args });
    }
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[]; scripts: Record<string, string>; bin: Record<string, string> };
const runs = (s: Stage) => s.steps.filter((i) => i.op === 'RUN').map((i) => i.args).join(' && ');
const runtime = stages.at(-1)!;
const base = stages.find((s) => s.name === 'base');
const build = stages.find((s) => s.name === 'build');

t.test('stages: a base with the system packages, a build stage, a runtime stage on the base', async (t) => {
  t.ok(base && build, 'base and build stages exist');
  t.match(base!.from, /^nvidia\/cuda:12\.[\d.]+-cudnn-runtime-ubuntu22\.04$/);
  t.equal(build!.from, 'base');
  t.equal(runtime.from, 'base', 'the runtime stage starts from the base, not from the build stage');
  const apt = runs(base!);
  for (const p of ['ffmpeg', 'gstreamer1.0-tools', 'gstreamer1.0-plugins-base', 'gstreamer1.0-plugins-good', 'gstreamer1.0-plugins-bad',
    'gstreamer1.0-libav', 'python3', 'python3-gi', 'gir1.2-gstreamer-1.0', 'nodejs']) {
    t.match(apt, new RegExp(`(^|\\s)${p.replace(/\./g, '\\.')}(\\s|$)`), `installs ${p}`);
  }
  t.match(apt, /setup_20\.x/, 'Node 20, as package.json engines and CI use');
});

t.test('the build stage compiles through npm pack, the runtime stage unpacks it', async (t) => {
  t.match(runs(build!), /npm ci --ignore-scripts/, 'build dependencies without native builds');
  t.match(runs(build!), /npm pack/, 'packs the package');
  t.match(pkg.scripts.prepack, /npm run -s build/, 'and packing compiles dist/ (prepack)');
  const copies = runtime.steps.filter((i) => i.op === 'COPY').map((i) => i.args);
  t.ok(copies.some((c) => /^--from=build \/pkg\/sharpeye\.tgz /.test(c)), 'takes the tarball from the build stage');
  t.notOk(copies.some((c) => /^\. /.test(c)), 'never copies the whole context into the image');
  t.match(runs(runtime), /tar -xzf \/tmp\/sharpeye\.tgz --strip-components=1 -C \/app/);
  t.match(runs(runtime), /ONNXRUNTIME_NODE_INSTALL=\$\{ONNXRUNTIME_NODE_INSTALL\} npm ci --omit=dev/, 'production dependencies from the lock file');
  t.ok(runtime.steps.some((i) => i.op === 'ARG' && i.args === 'ONNXRUNTIME_NODE_INSTALL=cuda12'), 'onnxruntime with CUDA by default');
});

t.test('the files the Dockerfile copies from the context exist', async (t) => {
  for (const stage of stages) {
    for (const copy of stage.steps.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from='))) {
      const sources = copy.args.split(' ').slice(0, -1);
      for (const s of sources.filter((x) => x !== '.')) t.ok(existsSync(join(REPO_ROOT, s)), `${s} exists`);
    }
  }
});

t.test('the entry point is the compiled bin that the package ships', async (t) => {
  const entry = runtime.steps.filter((i) => i.op === 'ENTRYPOINT').at(-1);
  t.same(JSON.parse(entry?.args ?? 'null'), ['node', 'bin/sharpeye.mjs'], 'exec form: node is PID 1 and gets SIGTERM itself');
  t.equal(pkg.bin.sharpeye, 'bin/sharpeye.mjs');
  t.ok(pkg.files.includes('bin/') && pkg.files.includes('dist/'), 'bin/ and dist/ are in the package');
  t.notOk(pkg.files.some((f) => /^(cli|core|test|benchmarks)\b/.test(f)), 'no sources: in the image the bin can only run dist/');
});

t.test('.dockerignore keeps local builds and dependencies out of the context', async (t) => {
  const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const p of ['node_modules', 'dist', '.git', '.venv-test']) t.ok(ignored.includes(p), `${p} ignored`);
});
