// README "Configuration reference" is the text scripts/config-reference.ts generates from the node
// config schema, so the documented keys, defaults and bounds cannot drift from the code.
// Regenerate with: node --import tsx scripts/config-reference.ts
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configReference, CONFIG_REFERENCE_END, CONFIG_REFERENCE_START } from '../../scripts/config-reference.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

t.test('README holds the generated configuration reference', async (t) => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(CONFIG_REFERENCE_START), end = readme.indexOf(CONFIG_REFERENCE_END);
  t.ok(start >= 0 && end > start, `README.md has ${CONFIG_REFERENCE_START} ... ${CONFIG_REFERENCE_END} around its "Configuration reference"`);
  if (start < 0 || end <= start) return;
  t.equal(readme.slice(start + CONFIG_REFERENCE_START.length, end).trim(), configReference().trim(),
    'the section is current (regenerate it with node --import tsx scripts/config-reference.ts)');
});

t.test('the reference lists every key with its default and bounds', async (t) => {
  const text = configReference();
  t.match(text, /\| `api\.port` \| integer \| `8480` \| 0 to 65535 \| TCP port of the HTTP API/);
  t.match(text, /\| `cameras\[\]\.fps` \| number \| `5` \| 0\.01 to 240 \|/);
  t.match(text, /\| `detector\.provider` \| "cpu" or "cuda" or "tensorrt" \| `"cpu"` \|/);
  t.match(text, /\| `cameras` \| list of mapping \| required \| at least 1 entry \|/);
  t.match(text, /\| `log\.level` \|/);
  t.notMatch(text, /\| `cameras\[\]\.rules\.zones/, 'the rules document points to README "Rules" instead');
});
