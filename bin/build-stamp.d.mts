// Types of build-stamp.mjs for the TypeScript that imports it (benchmarks, tests).
export declare const STAMP_FILE: string;
export declare const CONFIG_FILES: string[];
export declare function sourceFingerprint(repoRoot: string, roots: string[]): { files: number; sha1: string };
export declare function readStamp(distDir: string): { roots: string[]; files: number; sha1: string; builtAt?: string } | undefined;
export declare function isBuildCurrent(repoRoot: string, distDir: string): boolean;
