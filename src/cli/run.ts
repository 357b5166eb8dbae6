/**
 * Exit statuses: 0 success, 1 a check or comparison failed (e.g. replay differs),
 * 2 invalid input or invalid pack (German message naming the field on stderr, nothing on
 * stdout), 3 unexpected internal error.
 */
import { CommanderError, type Command } from 'commander';
import { isAmtsklarError } from '../common/index.ts';

export class ExitStatus extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

export function reportError(e: unknown): number {
  if (e instanceof ExitStatus) return e.status;
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  if (isAmtsklarError(e)) {
    process.stderr.write(`Fehler: ${e.message}\n`);
    const shown = e.problems.length > 1 || (e.problems.length === 1 && !e.message.includes(e.problems[0]!.path)) ? e.problems : [];
    for (const p of shown.slice(0, 50)) process.stderr.write(`  ${p.path}: ${p.message}\n`);
    if (shown.length > 50) process.stderr.write(`  … und ${shown.length - 50} weitere\n`);
    return e.code === 'not_found' || e.code === 'invalid_input' || e.code === 'invalid_pack' || e.code === 'unsupported' ? 2 : 1;
  }
  process.stderr.write(`Interner Fehler: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 3;
}

export async function runCli(program: Command, argv: string[]): Promise<void> {
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}
