// Where the shared fixtures live. Tests reach them only through these paths, which honour
// SHARPEYE_FIXTURES_DIR and SHARPEYE_MODEL_DIR, and never copy them into the repository.
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_ROOT = repoRoot;
export const FIXTURES_DIR = resolve(process.env.SHARPEYE_FIXTURES_DIR ?? join(repoRoot, '..', 'shared', 'fixtures'));
export const MODEL_DIR = resolve(process.env.SHARPEYE_MODEL_DIR ?? join(FIXTURES_DIR, 'models'));
export const IMAGES_DIR = join(FIXTURES_DIR, 'images');
export const VIDEOS_DIR = join(FIXTURES_DIR, 'videos');

export const image = (name: string): string => join(IMAGES_DIR, name);
export const video = (name: string): string => join(VIDEOS_DIR, name);
export const modelFile = (name: string): string => join(MODEL_DIR, name);
