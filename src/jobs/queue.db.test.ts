import { afterAll, describe, expect, it } from 'vitest';
import { STORES, testDatabase } from '../store/test-database.ts';
import { openQueue } from './queue.ts';

/**
 * The job loop on both stores: a job is completed after its handler, a failing handler's job
 * is marked failed (for retry), and stop() waits for the running job and leaves no query
 * behind — so closing the pool right after cannot end the process (vitest fails the run on
 * an unhandled rejection).
 */
describe.each(STORES)('job queue (%s)', (kind) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });

  it('completes a job after its handler and marks a failing one as failed', async () => {
    const t = await testDatabase(kind);
    drops.push(t.drop);
    const queue = await openQueue(t.db);
    const seen: string[] = [];
    await queue.work<{ n: number }>('reminders', { pollingIntervalSeconds: 0.1 }, async (jobs) => {
      for (const j of jobs) {
        seen.push(j.id);
        if (j.data.n === 2) throw new Error('absichtlich');
      }
    });
    const ok = (await queue.send('reminders', { n: 1 }))!;
    const bad = (await queue.send('reminders', { n: 2 }, { retryLimit: 0 }))!;
    await waitUntil(async () => (await state(queue, ok)) === 'completed' && (await state(queue, bad)) === 'failed');
    expect(seen).toEqual(expect.arrayContaining([ok, bad]));
    await queue.stop();
  });

  it('stop() waits for the running job, records its completion, and fetches nothing afterwards', async () => {
    const t = await testDatabase(kind);
    const queue = await openQueue(t.db);
    let release!: () => void;
    const started = new Promise<void>((r) => (release = r));
    let calls = 0;
    await queue.work('drafting', { pollingIntervalSeconds: 0.1 }, async () => {
      calls++;
      release();
      await new Promise((r) => setTimeout(r, 500));
    });
    const id = (await queue.send('drafting', {}))!;
    await started;
    await queue.stop();
    expect(calls).toBe(1);
    await queue.send('drafting', {});
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(1);
    const job = await queue.boss.getJobById('drafting', id);
    expect(job?.state).toBe('completed');
    await t.drop();
  });
});

async function state(queue: Awaited<ReturnType<typeof openQueue>>, id: string): Promise<string | undefined> {
  return (await queue.boss.getJobById('reminders', id))?.state;
}

async function waitUntil(cond: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('Zeitüberschreitung');
    await new Promise((r) => setTimeout(r, 50));
  }
}
