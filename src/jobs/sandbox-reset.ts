import { startPeriodic } from './periodic.ts';
import type { Queue } from './queue.ts';

export const SANDBOX_QUEUE = 'sandbox-reset';

/** What the job needs of the sandbox (src/participation SandboxService). */
export interface SandboxResettable {
  reset(force?: boolean): Promise<{ day: string; cases: number; reset: boolean }>;
  expireIdleKiosks(): Promise<number>;
}

/**
 * The experimentation space resets itself daily: a pg-boss job (one per slot across all
 * processes, by singleton key) checks every few minutes whether a new day has begun and
 * then replaces the pool and deletes every session; it also clears idle kiosk sessions.
 * (The sandbox additionally resets on its first use of a new day, so even an API process
 * without workers never serves yesterday's pool.)
 */
export async function startSandboxResetSchedule(o: { queue: Queue; sandbox: SandboxResettable; everyMs: number; log?: (msg: string) => void }): Promise<{ stop(): Promise<void> }> {
  return startPeriodic(o.queue, SANDBOX_QUEUE, o.everyMs, async () => {
    const r = await o.sandbox.reset(false);
    const expired = await o.sandbox.expireIdleKiosks();
    if (r.reset || expired > 0) o.log?.(`Experimentierraum: ${r.reset ? `zurückgesetzt für ${r.day} (${r.cases} Übungsfälle)` : 'unverändert'}, ${expired} Kiosk-Sitzungen beendet`);
  });
}
