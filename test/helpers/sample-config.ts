// The sample node config (config/sharpeye.example.yaml) and the --config-root that the Quick start
// gives it: the shared fixtures, so its file camera (the intersection clip) is inside its scope.
import { join } from 'node:path';
import { FIXTURES_DIR, REPO_ROOT } from './fixtures.js';

export const SAMPLE_CONFIG = join(REPO_ROOT, 'config', 'sharpeye.example.yaml');
export const SAMPLE_CONFIG_ROOTS: readonly string[] = [FIXTURES_DIR];
