import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The dependency direction of ARCHITECTURE.md, enforced: a wrong arrow fails the suite.
describe('architecture', () => {
  it('keeps the dependency rules of .dependency-cruiser.cjs', () => {
    let output = '';
    try {
      output = execFileSync('npx', ['depcruise', 'src', 'web', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
      expect.fail(`dependency rules broken:\n${output}`);
    }
    expect(output).not.toMatch(/error/i);
  });
});
