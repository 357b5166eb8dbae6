import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAmtsklarError } from '../common/index.ts';
import type { Db } from './db.ts';
import { FairnessSurveyStore } from './fairness-survey.ts';
import { migrate } from './migrate.ts';
import { testDatabase } from './test-database.ts';

const M = 'musterstadt';


for (const kind of ['pglite', 'postgres'] as const) {
  describe(`equality survey kept apart (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let clock = new Date('2026-03-10T09:00:00Z');
    let store: FairnessSurveyStore;

    beforeAll(async () => {
      ({ db, drop } = await testDatabase(kind));
      await migrate(db);
      await db.query(`INSERT INTO municipalities (id, name) VALUES ($1, 'Stadt Musterstadt'), ('nachbarstadt', 'Nachbarstadt')`, [M]);
      store = new FairnessSurveyStore(db, { now: () => clock });
    });
    afterAll(async () => drop?.());

    it('turns a case id into a stable pseudonym that reveals nothing of the case id', async () => {
      const caseId = randomUUID();
      const p1 = await store.pseudonym(M, caseId);
      expect(p1).toMatch(/^[0-9a-f]{32}$/);
      expect(await store.pseudonym(M, caseId)).toBe(p1);
      expect(await store.pseudonym(M, randomUUID())).not.toBe(p1);
      expect(await store.pseudonym('nachbarstadt', caseId)).not.toBe(p1);
      expect(p1).not.toContain(caseId.replaceAll('-', '').slice(0, 8));
    });

    it('stores checked answers only with consent, replaces them, and deletes them on withdrawal', async () => {
      const caseId = randomUUID();
      const r = await store.submit(M, caseId, { consent: true, answers: { gender: 'weiblich', ageGroup: '65-74', disability: null } });
      expect(r).toEqual({ stored: true, retainUntil: '2029-03-10' });
      let all = await store.responses(M);
      const p = await store.pseudonym(M, caseId);
      expect(all.find((x) => x.pseudonym === p)?.answers).toEqual({ gender: 'weiblich', ageGroup: '65-74' });
      await store.submit(M, caseId, { consent: true, answers: { gender: 'divers' } });
      all = await store.responses(M);
      expect(all.filter((x) => x.pseudonym === p).map((x) => x.answers)).toEqual([{ gender: 'divers' }]);
      expect(await store.submit(M, caseId, { consent: false, answers: { gender: 'weiblich' } })).toEqual({ stored: false, retainUntil: null });
      expect((await store.responses(M)).some((x) => x.pseudonym === p)).toBe(false);
      await store.submit(M, caseId, { consent: true, answers: { nationalityGroup: 'eu' } });
      expect(await store.withdraw(M, caseId)).toBe(true);
      expect(await store.withdraw(M, caseId)).toBe(false);
    });

    it('refuses bad answers with a German message naming the field', async () => {
      for (const [body, path] of [
        [{ consent: 'ja' }, '$.consent'],
        [{ consent: true, answers: { gender: 'x' } }, '$.answers.gender'],
        [{ consent: true, answers: { religion: 'keine' } }, '$.answers.religion'],
        [{ consent: true, answers: [] }, '$.answers'],
      ] as const) {
        try {
          await store.submit(M, randomUUID(), body);
          expect.fail(`${path} should be refused`);
        } catch (e) {
          expect(isAmtsklarError(e)).toBe(true);
          expect((e as Error).message).toContain(path);
        }
      }
    });

    it('deletes answers when their own retention ends', async () => {
      const caseId = randomUUID();
      await store.submit(M, caseId, { consent: true, answers: { gender: 'maennlich' } });
      const p = await store.pseudonym(M, caseId);
      clock = new Date('2029-03-11T00:00:00Z');
      expect((await store.responses(M)).some((x) => x.pseudonym === p)).toBe(false);
      expect(await store.sweep()).toBeGreaterThanOrEqual(1);
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fairness.survey_responses WHERE pseudonym = $1', [p]);
      expect(row!.n).toBe(0);
      clock = new Date('2026-03-10T09:00:00Z');
    });

    it('writes nothing of the survey outside its schema', async () => {
      const caseId = randomUUID();
      await store.submit(M, caseId, { consent: true, answers: { nationalityGroup: 'drittstaat', migrationBackground: 'ja' } });
      const p = await store.pseudonym(M, caseId);
      const tables = await db.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      expect(tables.some((t) => t.table_schema === 'fairness' && t.table_name === 'survey_responses')).toBe(true);
      for (const t of tables.filter((x) => x.table_schema !== 'fairness')) {
        const [hit] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.table_schema}"."${t.table_name}" AS r WHERE r::text LIKE $1`, [`%${p}%`]);
        expect(hit!.n, `${t.table_schema}.${t.table_name}`).toBe(0);
      }
    });
  });
}

describe('the fairness schema is read by the fairness store alone', () => {
  it('no source file outside src/store/fairness-*.ts and the 05xx migrations names a fairness table', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|sql)$/.test(name) && !(/^fairness-[a-z-]+(\.db\.test)?\.ts$/.test(name) && dir.endsWith('store')) && !/^05\d\d_/.test(name)) {
          if (/\bfairness\.(survey_responses|pseudonym_keys|reports|decision_records|signing_keys|alerts|event_watermark)\b/.test(readFileSync(full, 'utf8'))) offenders.push(relative(src, full));
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
