/** Runs whole TCK levels in-process and summarizes them per folder. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { countCases, listCases, loadFolder, runCase, type CaseResult } from './run.ts';

export interface FolderSummary {
  folder: string;
  passed: number;
  total: number;
  /** Cases among the passed ones that needed the tolerance for rounded expectations. */
  approximate: string[];
  failures: { id: string; reason: string }[];
}

export interface LevelSummary {
  level: number;
  passed: number;
  total: number;
  folders: FolderSummary[];
}

export function levelDir(tckRoot: string, level: number): string {
  return join(tckRoot, 'TestCases', `compliance-level-${level}`);
}

export function folders(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isDirectory())
    .sort();
}

export function summarize(folder: string, results: CaseResult[]): FolderSummary {
  return {
    folder,
    passed: results.filter((r) => r.passed).length,
    total: results.length,
    approximate: results.filter((r) => r.passed && r.approximate).map((r) => r.id),
    failures: results.filter((r) => !r.passed).map((r) => ({ id: r.id, reason: r.reason ?? 'fehlgeschlagen' })),
  };
}

/** Runs one folder in this process (no time limit; used by the Vitest suite). */
export function runFolderInProcess(dir: string): CaseResult[] {
  const loaded = loadFolder(dir);
  if (loaded.error) return countCases(dir).map((id) => ({ id, passed: false, reason: loaded.error }));
  return listCases(loaded).map(({ file, data, tc }) => runCase(loaded, file, data, tc));
}

export function levelSummary(level: number, folderResults: FolderSummary[]): LevelSummary {
  return {
    level,
    passed: folderResults.reduce((s, f) => s + f.passed, 0),
    total: folderResults.reduce((s, f) => s + f.total, 0),
    folders: folderResults,
  };
}
