// docker-compose.gpu.yml is validated by parsing (no Docker engine runs in CI): it must reserve a
// GPU, install onnxruntime's CUDA build, and run commands this CLI actually accepts.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { runSharpeye } from '../helpers/cli.js';

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  build?: { args?: Record<string, string> };
  deploy?: { resources?: { reservations?: { devices?: Array<{ driver: string; capabilities: string[] }> } } };
}

const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.gpu.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };

t.test('every worker reserves an NVIDIA GPU and installs the CUDA build of onnxruntime', async (t) => {
  const workers = Object.entries(compose.services).filter(([, s]) => s.command?.includes('--provider'));
  t.ok(workers.length >= 1);
  for (const [name, s] of workers) {
    const devices = s.deploy?.resources?.reservations?.devices ?? [];
    t.ok(devices.some((d) => d.driver === 'nvidia' && d.capabilities.includes('gpu')), `${name} reserves a GPU`);
    t.equal(s.build?.args?.ONNXRUNTIME_NODE_INSTALL, 'cuda12', `${name} installs onnxruntime with CUDA`);
    t.equal(s.environment?.SHARPEYE_OFFLINE, '1', `${name} never downloads models at run time`);
  }
});

t.test('the commands in the compose file are accepted by this CLI', async (t) => {
  for (const [name, s] of Object.entries(compose.services)) {
    if (!s.command) continue;
    const [command] = s.command;
    const help = await runSharpeye([command, '--help']);
    t.equal(help.code, 0, `${name}: sharpeye ${command} exists`);
    for (const flag of s.command.filter((a) => a.startsWith('--'))) t.match(help.stdout, new RegExp(`${flag}\\b`), `${name}: ${command} accepts ${flag}`);
  }
});
