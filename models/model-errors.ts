// The errors a user sees when a model cannot be had. Each names the file, the expected sha256,
// the places searched and how to provide the file, because the reader is often an operator on
// an offline camera network who cannot just "download it".
import { SharpeyeError } from '../core/index.js';
import type { ModelSpec } from './model-spec.js';

export function howToProvide(spec: ModelSpec): string {
  return `put ${spec.file} (sha256 ${spec.sha256}) in $SHARPEYE_MODEL_DIR, ` +
    `or run \`sharpeye models fetch ${spec.name} --from DIR\` with a directory or URL that has it`;
}

const describe = (spec: ModelSpec) => `model '${spec.name}' (file ${spec.file}, sha256 ${spec.sha256})`;
const details = (spec: ModelSpec, searched: readonly string[]) => ({ name: spec.name, file: spec.file, sha256: spec.sha256, searched: [...searched] });

export function notFoundError(spec: ModelSpec, searched: readonly string[]): SharpeyeError {
  return new SharpeyeError('E_MODEL_NOT_FOUND',
    `${describe(spec)} was not found; searched: ${searched.join('; ')}. To provide it, ${howToProvide(spec)}`,
    { details: details(spec, searched) });
}

/** `retryable` is false when every server answered with a client error such as 404. */
export function downloadError(spec: ModelSpec, searched: readonly string[], retryable: boolean, cause?: unknown): SharpeyeError {
  return new SharpeyeError('E_MODEL_DOWNLOAD',
    `${describe(spec)} could not be downloaded; searched: ${searched.join('; ')}. To provide it, ${howToProvide(spec)}`,
    { details: details(spec, searched), retryable, cause });
}

/**
 * A file with the wrong content. `found` says what it had instead ("sha256 ..." or a size);
 * `whereabouts` names the file and the place it was found in.
 */
export function checksumError(spec: ModelSpec, whereabouts: string, found: string, searched: readonly string[], consequence: string): SharpeyeError {
  return new SharpeyeError('E_MODEL_CHECKSUM',
    `${whereabouts} has ${found}, expected sha256 ${spec.sha256} for model '${spec.name}': it is corrupt or a different model; ` +
    `${consequence}. Searched: ${searched.join('; ')}. To fix it, ${howToProvide(spec)}`,
    { details: { ...details(spec, searched), found: whereabouts, actual: found } });
}
