import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folders, levelDir, runFolderInProcess } from '../../../scripts/tck/suite.ts';

// The DMN TCK lives beside the repository (../shared/conformance), never inside it.
const TCK = fileURLToPath(new URL('../../../../shared/conformance/dmn-tck', import.meta.url));

/** Pass count of compliance level 3 reached so far (docs/tck-report.md); it must not drop. */
const LEVEL3_PASSED = 3261;

function run(level: number): { passed: number; total: number; failed: string[] } {
  const dir = levelDir(TCK, level);
  let passed = 0;
  let total = 0;
  const failed: string[] = [];
  for (const f of folders(dir)) {
    for (const r of runFolderInProcess(join(dir, f))) {
      total++;
      if (r.passed) passed++;
      else failed.push(`${f}/${r.id}: ${r.reason}`);
    }
  }
  return { passed, total, failed };
}

describe('DMN TCK', () => {
  it('finds the TCK', () => {
    expect(existsSync(levelDir(TCK, 2))).toBe(true);
  });

  it('passes at least 95 % of compliance level 2', () => {
    const r = run(2);
    expect(r.total).toBeGreaterThanOrEqual(116);
    expect(r.passed / r.total, r.failed.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it(`keeps at least ${LEVEL3_PASSED} passing cases of compliance level 3`, () => {
    const r = run(3);
    expect(r.total).toBeGreaterThanOrEqual(3275);
    expect(r.passed, r.failed.slice(0, 30).join('\n')).toBeGreaterThanOrEqual(LEVEL3_PASSED);
  }, 120_000);
});
