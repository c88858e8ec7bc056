// Reads a config file as bounded UTF-8 text. A config names files; the name must not turn the
// read into something else: a FIFO that blocks, /dev/zero that never ends, a huge file, a binary.
// So: open without blocking, accept only regular files, stop after the size cap, decode strictly.
import { constants } from 'node:fs';
import { open, readlink, realpath } from 'node:fs/promises';
import { configFileError } from './config-file-error.js';
import { isInsideRoots } from './config-roots.js';

/** Largest config or rules file read, in bytes (1 MiB). */
export const CONFIG_FILE_MAX_BYTES = 1024 * 1024;

export interface ReadConfigTextOptions {
  /** Refuse files larger than this. @defaultValue CONFIG_FILE_MAX_BYTES */
  maxBytes?: number;
  /** When given, the file actually opened (after every symlink) must lie inside one of these real folders. */
  roots?: readonly string[];
}

/**
 * The text of the file at `path`. Throws E_CONFIG_INVALID (see configFileError) when it cannot be
 * opened, is not a regular file, is larger than `maxBytes`, lies outside `roots`, is not UTF-8 or
 * holds control characters (binary data). Never puts any of the file's bytes in an error.
 */
export async function readConfigText(path: string, o: ReadConfigTextOptions = {}): Promise<string> {
  const maxBytes = o.maxBytes ?? CONFIG_FILE_MAX_BYTES;
  if (path.includes('\0')) throw configFileError(path, 'a file name cannot contain a NUL character');
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below refuses it anyway.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw configFileError(path, `cannot be read (${code ?? 'error'}); check the path and its permissions`, err);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw configFileError(path, `is ${fileKind(stat)}, not a regular file`);
    if (stat.size > maxBytes) throw configFileError(path, `is larger than ${maxBytes} bytes`);
    if (o.roots) await checkOpenedInside(handle.fd, path, o.roots);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    // Files like those in /proc report size 0: the cap is enforced on what is actually read.
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw configFileError(path, `is larger than ${maxBytes} bytes`);
    }
    return decodeText(buffer.subarray(0, length), path);
  } finally {
    await handle.close();
  }
}

/** Strict UTF-8 without control characters other than tab, newline and carriage return. */
function decodeText(bytes: Uint8Array, name: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw configFileError(name, 'is not UTF-8 text');
  }
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw configFileError(name, 'holds control characters (binary data?); a config file is UTF-8 text');
  return text;
}

/** What the descriptor really opened (Linux: /proc/self/fd), so a symlink swapped in after a check is caught. */
async function checkOpenedInside(fd: number, path: string, roots: readonly string[]): Promise<void> {
  let real: string;
  try {
    real = await readlink(`/proc/self/fd/${fd}`);
  } catch {
    real = await realpath(path);
  }
  if (!isInsideRoots(real, roots)) throw configFileError(path, 'leads outside the config folder through a symbolic link');
}

function fileKind(stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}
