import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, sha256Hex } from '../common/index.ts';
import { resultHash } from '../engine/index.ts';
import { generateKey, verifyReceipt } from '../ledger/index.ts';
import type { Db, Sql } from './db.ts';
import { Ledger } from './ledger.ts';
import { verifyCoverage } from './ledger-verify.ts';
import { migrate } from './migrate.ts';
import { parseMasterKeyring } from '../privacy/index.ts';
import { CaseKeys } from './case-keys.ts';
import { dueForRetention, eraseCase } from './case-erasure.ts';
import { testDatabase } from './test-database.ts';



interface Seeded {
  caseId: string;
  letterId: string;
}

function decisionFor(i: number) {
  const d = {
    pack: 'wohngeld',
    packVersion: '2025.1',
    packHash: `sha256:${'a'.repeat(64)}`,
    asOf: '2025-03-01',
    outcome: 'decided',
    values: { wohngeld_monat: `${100 + i}.00`, haushalt: 1 + (i % 4) },
    reasons: [{ norm: '§ 19 WoGG', text: 'Formel' }],
    missing: [],
    discretion: [],
  };
  const receipt = { inputHash: contentHash({ antrag: i }), resultHash: resultHash(d as never), engineVersion: 'amtsklar-engine/1' };
  return { ...d, trace: [], receipt };
}

/** Cases as the workflow leaves them: events in case_events, drafts, approvals, an issued letter. */
async function seed(db: Db, n: number): Promise<Seeded[]> {
  await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt') ON CONFLICT DO NOTHING`);
  const staff = [randomUUID(), randomUUID()];
  for (const [k, id] of staff.entries()) {
    await db.query(`INSERT INTO users (id, municipality_id, username, display_name, role) VALUES ($1, 'musterstadt', $2, $3, 'caseworker')`, [id, `sb${k}`, `Sachbearbeitung ${k}`]);
  }
  const out: Seeded[] = [];
  for (let i = 0; i < n; i++) {
    const caseId = randomUUID();
    const d = decisionFor(i);
    const approvals = staff.slice(0, 1 + (i % 2)).map((by, k) => ({ by, name: `Person ${k}`, at: `2025-03-0${k + 2}T10:00:00.000Z`, resultHash: d.receipt.resultHash }));
    await db.query(
      `INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, decision, outcome, result_hash, approvals, issued_at)
       VALUES ($1, 'musterstadt', $2, 'wohngeld', '2025.1', 'issued', $3, 'decided', $4, $5, now())`,
      [caseId, `WG-2025-${i}`, JSON.stringify(d), d.receipt.resultHash, JSON.stringify(approvals)],
    );
    const ev = (type: string, data: object, actorId: string | null = null, reason: string | null = null) =>
      db.query(`INSERT INTO case_events (case_id, municipality_id, type, actor_kind, actor_id, actor_name, reason, data) VALUES ($1, 'musterstadt', $2, $3, $4, 'x', $5, $6)`, [
        caseId,
        type,
        actorId ? 'user' : 'system',
        actorId,
        reason,
        JSON.stringify(data),
      ]);
    await ev('received', { packId: 'wohngeld', release: '2025.1', inputHash: d.receipt.inputHash });
    await ev('checked', { outcome: 'decided', packVersion: '2025.1', packHash: d.packHash, inputHash: d.receipt.inputHash, resultHash: d.receipt.resultHash });
    const letterId = randomUUID();
    const text = `Bescheid Nr. ${i}: Wohngeld ${d.values.wohngeld_monat} EUR monatlich.`;
    await db.query(`INSERT INTO drafts (id, case_id, municipality_id, kind, text, text_hash, result_hash, created_by) VALUES ($1, $2, 'musterstadt', 'bescheid', $3, $4, $5, 'system')`, [
      letterId,
      caseId,
      text,
      `sha256:${sha256Hex(text)}`,
      d.receipt.resultHash,
    ]);
    for (let k = 0; k < approvals.length; k++) await ev(k + 1 === approvals.length ? 'approve' : 'approval_recorded', { approvals: k + 1 }, approvals[k]!.by);
    await ev('issue', { resultHash: d.receipt.resultHash }, staff[0]!);
    out.push({ caseId, letterId });
  }
  await db.query(`INSERT INTO data_access_log (municipality_id, case_id, actor_kind, actor_id, purpose, what) VALUES ('musterstadt', $1, 'user', $2, 'Sachbearbeitung', 'Antragsdaten')`, [
    out[0]!.caseId,
    staff[0],
  ]);
  return out;
}

type Tamper = (tx: Sql, cases: Seeded[], pick: () => number) => Promise<string>;

const ROLLBACK = new Error('rollback');

// Changing, deleting, reordering or inserting decisions, approvals and letter hashes (and settings).
const TAMPERINGS: Record<string, Tamper> = {
  // the data-protection officer's access log: a read removed or reworded
  'Zugriffsprotokoll: Zugriff gelöscht': async (tx, cs) => {
    await tx.query('DELETE FROM data_access_log WHERE id = (SELECT min(id) FROM data_access_log)');
    return cs[0]!.caseId;
  },
  'Zugriffsprotokoll: Zweck geändert': async (tx, cs) => {
    await tx.query(`UPDATE data_access_log SET purpose = 'Routineprüfung' WHERE id = (SELECT min(id) FROM data_access_log)`);
    return cs[0]!.caseId;
  },
  'Zugriffsprotokoll: andere Person eingetragen': async (tx, cs) => {
    await tx.query(`UPDATE data_access_log SET actor_id = '00000000-0000-4000-8000-000000000999' WHERE id = (SELECT min(id) FROM data_access_log)`);
    return cs[0]!.caseId;
  },
  'Entscheidung: Betrag geändert': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE cases SET decision = jsonb_set(decision::jsonb, '{values,wohngeld_monat}', '"999.99"') WHERE id = $1`, [c.caseId]);
    return c.caseId;
  },
  'Entscheidung: Betrag und Hashes konsistent gefälscht': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    const [row] = await tx.query<{ decision: Record<string, unknown> & { values: Record<string, unknown>; receipt: Record<string, unknown> } }>('SELECT decision FROM cases WHERE id = $1', [c.caseId]);
    const d = row!.decision;
    d.values = { ...d.values, wohngeld_monat: '1.00' };
    d.receipt = { ...d.receipt, resultHash: resultHash(d as never) };
    await tx.query('UPDATE cases SET decision = $2, result_hash = $3 WHERE id = $1', [c.caseId, JSON.stringify(d), d.receipt.resultHash]);
    return c.caseId;
  },
  'Entscheidung: Ergebnis geändert': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE cases SET outcome = 'needs_human', decision = jsonb_set(decision::jsonb, '{outcome}', '"needs_human"') WHERE id = $1`, [c.caseId]);
    return c.caseId;
  },
  'Entscheidung: result_hash-Spalte geändert': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE cases SET result_hash = $2 WHERE id = $1`, [c.caseId, `sha256:${randomBytes(32).toString('hex')}`]);
    return c.caseId;
  },
  'Entscheidung: gelöscht': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query('UPDATE cases SET decision = NULL, result_hash = NULL, outcome = NULL WHERE id = $1', [c.caseId]);
    return c.caseId;
  },
  'Entscheidung: zwischen zwei Fällen vertauscht': async (tx, cs, pick) => {
    const a = cs[pick()]!;
    let b = cs[pick()]!;
    if (a === b) b = cs[(cs.indexOf(a) + 1) % cs.length]!;
    await tx.query(
      `UPDATE cases c SET decision = o.decision, result_hash = o.result_hash FROM cases o
       WHERE (c.id = $1 AND o.id = $2) OR (c.id = $2 AND o.id = $1)`,
      [a.caseId, b.caseId],
    );
    return a.caseId;
  },
  'Entscheidung: neuer Fall ohne Protokoll eingefügt': async (tx, cs, pick) => {
    const d = decisionFor(1000 + pick());
    const id = randomUUID();
    await tx.query(`INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, decision, outcome, result_hash) VALUES ($1, 'musterstadt', $2, 'wohngeld', '2025.1', 'issued', $3, 'decided', $4)`, [
      id,
      `WG-X-${id.slice(0, 8)}`,
      JSON.stringify(d),
      d.receipt.resultHash,
    ]);
    return id;
  },
  'Freigabe: Person geändert': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE cases SET approvals = jsonb_set(approvals, '{0,by}', to_jsonb($2::text)) WHERE id = $1`, [c.caseId, randomUUID()]);
    return c.caseId;
  },
  'Freigabe: Name geändert': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE cases SET approvals = jsonb_set(approvals, '{0,name}', '"Jemand Anderes"') WHERE id = $1`, [c.caseId]);
    return c.caseId;
  },
  'Freigabe: Zeitpunkt geändert': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE cases SET approvals = jsonb_set(approvals, '{0,at}', '"2024-01-01T00:00:00.000Z"') WHERE id = $1`, [c.caseId]);
    return c.caseId;
  },
  'Freigabe: Name geändert, vorher das Commitment-Salz gelöscht': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query('DELETE FROM ledger_case_salts WHERE case_id = $1', [c.caseId]);
    await tx.query(`UPDATE cases SET approvals = jsonb_set(approvals, '{0,name}', '"Jemand Anderes"') WHERE id = $1`, [c.caseId]);
    return c.caseId;
  },
  'Entscheidung: Release geändert': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE cases SET decision = jsonb_set(decision::jsonb, '{packVersion}', '"1999.1"') WHERE id = $1`, [c.caseId]);
    return c.caseId;
  },
  'Freigabe: gelöscht': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE cases SET approvals = approvals - 0 WHERE id = $1`, [c.caseId]);
    return c.caseId;
  },
  'Freigabe: Reihenfolge vertauscht': async (tx, cs, pick) => {
    let i = pick();
    // Only cases with two approvals can be reordered (every odd-numbered seed case).
    if (i % 2 === 0) i = (i + 1) % cs.length;
    const c = cs[i]!;
    await tx.query(`UPDATE cases SET approvals = jsonb_build_array(approvals->1, approvals->0) WHERE id = $1`, [c.caseId]);
    return c.caseId;
  },
  'Freigabe: eingefügt': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE cases SET approvals = approvals || jsonb_build_array(jsonb_build_object('by', $2::text, 'name', 'Eingeschleust', 'at', '2025-03-09T00:00:00.000Z', 'resultHash', result_hash)) WHERE id = $1`, [
      c.caseId,
      randomUUID(),
    ]);
    return c.caseId;
  },
  'Bescheid: Text geändert': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`UPDATE drafts SET text = text || ' (geändert)' WHERE id = $1`, [c.letterId]);
    return c.caseId;
  },
  'Bescheid: Text und Hash geändert': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    const text = `Bescheid gefälscht ${pick()}`;
    await tx.query(`UPDATE drafts SET text = $2, text_hash = $3 WHERE id = $1`, [c.letterId, text, `sha256:${sha256Hex(text)}`]);
    return c.caseId;
  },
  'Bescheid: gelöscht': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    await tx.query(`DELETE FROM drafts WHERE id = $1`, [c.letterId]);
    return c.caseId;
  },
  'Bescheid: zwischen Fällen vertauscht': async (tx, cs, pick) => {
    const a = cs[pick()]!;
    let b = cs[pick()]!;
    if (a === b) b = cs[(cs.indexOf(a) + 1) % cs.length]!;
    await tx.query(
      `UPDATE drafts d SET text = o.text, text_hash = o.text_hash FROM drafts o WHERE (d.id = $1 AND o.id = $2) OR (d.id = $2 AND o.id = $1)`,
      [a.letterId, b.letterId],
    );
    return a.caseId;
  },
  'Einstellungen der Kommune geändert': async (tx, cs, pick) => {
    await tx.query(`UPDATE municipalities SET settings = jsonb_set(settings, '{nachforderungDays}', to_jsonb($1::int))`, [pick() + 1]);
    return cs[0]!.caseId;
  },
  'Bescheid: eingefügt': async (tx, cs, pick) => {
    const c = cs[pick()]!;
    const text = `Zweiter Bescheid ${pick()}`;
    await tx.query(`INSERT INTO drafts (id, case_id, municipality_id, kind, text, text_hash, result_hash, created_by) VALUES ($1, $2, 'musterstadt', 'bescheid', $3, $4, NULL, 'system')`, [
      randomUUID(),
      c.caseId,
      text,
      `sha256:${sha256Hex(text)}`,
    ]);
    return c.caseId;
  },
};

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`ledger in the database (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let ledger: Ledger;
    let cases: Seeded[];
    const key = generateKey('musterstadt.example/amtsklar');

    beforeAll(async () => {
      ({ db, drop } = await testDatabase(kind));
      await migrate(db);
      ledger = new Ledger(db, { signerKey: key.signerKey });
      cases = await seed(db, 24);
      expect(await ledger.catchUp()).toBeGreaterThan(24 * 5);
      await ledger.publishCheckpoint();
    }, 300_000);
    afterAll(async () => drop?.());

    it('covers every recorded event, and the whole log re-checks clean', async () => {
      expect(await ledger.catchUp()).toBe(0);
      const types = await db.query<{ entry_type: string; n: string | number }>('SELECT entry_type, count(*) AS n FROM ledger_leaves GROUP BY entry_type ORDER BY entry_type');
      expect(Object.fromEntries(types.map((t) => [t.entry_type, Number(t.n)]))).toEqual({
        application_received: 24,
        approval: 36,
        configuration_change: 1,
        data_access: 1,
        decision: 24,
        draft: 24,
        letter_issued: 24,
      });
      expect(await ledger.verify()).toEqual([]);
      const leaked = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ledger_leaves WHERE data LIKE '%Person%' OR data LIKE '%Bescheid Nr%'`);
      expect(Number(leaked[0]!.n)).toBe(0);
    });

    it('gives each decision a receipt that verifies offline against the decision', async () => {
      for (const c of cases.slice(0, 5)) {
        const r = await ledger.receiptForCase(c.caseId);
        const [row] = await db.query<{ decision: { packHash: string; receipt: { resultHash: string } } }>('SELECT decision FROM cases WHERE id = $1', [c.caseId]);
        const v = verifyReceipt(JSON.parse(JSON.stringify(r)), [ledger.verifierKey], { decision: { resultHash: row!.decision.receipt.resultHash, packHash: row!.decision.packHash } });
        expect(v.ok, JSON.stringify(v.checks)).toBe(true);
      }
    });

    it('detects 100 % of 1,000 random tamperings of decisions, approvals and letters, each rolled back', async () => {
      const names = Object.keys(TAMPERINGS);
      // mulberry32: a small seeded generator, so a failure can be replayed.
      let seed = 0x5eed + (kind === 'postgres' ? 1 : 0);
      const rand = (n: number) => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
      };
      const missed: string[] = [];
      const seen = new Map<string, number>();
      for (let i = 0; i < 1000; i++) {
        const name = names[rand(names.length)]!;
        seen.set(name, (seen.get(name) ?? 0) + 1);
        await db
          .transaction(async (tx) => {
            await TAMPERINGS[name]!(tx, cases, () => rand(cases.length));
            const findings = await verifyCoverage(tx);
            if (findings.length === 0) missed.push(`${i}: ${name}`);
            throw ROLLBACK;
          })
          .catch((e) => {
            if (e !== ROLLBACK) throw e;
          });
      }
      expect(missed).toEqual([]);
      expect(seen.size).toBe(names.length);
      // Every tampering was rolled back: the real state is still intact.
      expect(await db.transaction((tx) => verifyCoverage(tx))).toEqual([]);
    }, 600_000);

    it('names the row and the entry of a mismatch in German', async () => {
      const c = cases[3]!;
      const findings = await db
        .transaction(async (tx) => {
          await TAMPERINGS['Entscheidung: Betrag geändert']!(tx, cases, () => 3);
          const f = await verifyCoverage(tx);
          throw Object.assign(new Error('x'), { f });
        })
        .catch((e: { f: unknown }) => e.f as { where: string; message: string }[]);
      expect(findings).toEqual([{ where: `Fall WG-2025-3 (${c.caseId}), Entscheidung`, message: expect.stringMatching(/^passt nicht zu Eintrag \d+ \(resultHash sha256:[0-9a-f]{64}\): Inhalt ergibt resultHash/) }]);
    });

    it('records the erasure at the end of the retention period (through the platform erasure path), after which the log still re-checks clean', async () => {
      const c = cases[7]!;
      // The case's key, as the workflow creates it with the case.
      const keys = new CaseKeys(parseMasterKeyring(`test:${randomBytes(32).toString('base64')}`));
      const key = keys.create('musterstadt', c.caseId);
      key.cipher.close();
      await keys.insert(db, 'musterstadt', c.caseId, key);
      await db.query(`UPDATE cases SET state = 'closed', closed_at = now() - interval '2 days' WHERE id = $1`, [c.caseId]);
      expect(await dueForRetention(db, 'musterstadt', 'wohngeld', new Date(Date.now() - 86_400_000), 10)).toEqual([c.caseId]);
      await eraseCase(db, ledger, keys, { municipalityId: 'musterstadt', caseId: c.caseId, legalBasis: 'retention_end', mode: 'anonymise', actor: { role: 'system', id: 'system' } });
      await ledger.catchUp();
      const [erasure] = await db.query<{ data: string }>(`SELECT data FROM ledger_leaves WHERE case_id = $1 AND entry_type = 'erasure'`, [c.caseId]);
      expect(JSON.parse(erasure!.data)).toMatchObject({ type: 'erasure', legalBasis: 'retention_end', method: 'crypto-shredding' });
      expect(await db.query('SELECT 1 FROM ledger_case_salts WHERE case_id = $1', [c.caseId])).toEqual([]);
      expect(await ledger.verify()).toEqual([]);
      // The letter's recorded hash still guards the column: changing it is still found.
      const f = await db
        .transaction(async (tx) => {
          await tx.query(`UPDATE drafts SET text_hash = $2 WHERE id = $1`, [c.letterId, `sha256:${'0'.repeat(64)}`]);
          throw Object.assign(new Error('rollback'), { f: await verifyCoverage(tx) });
        })
        .catch((e: { f?: unknown[] }) => e.f ?? []);
      expect(f.length).toBeGreaterThan(0);
    });

    it('detects a changed leaf, a changed stored subtree and a forged checkpoint in the log itself', async () => {
      const cases: [string, RegExp][] = [
        [`UPDATE ledger_leaves SET data = replace(data, ':"', ':" ') WHERE idx = 5`, /^Eintrag 5$/],
        [`UPDATE ledger_nodes SET hash = sha256(hash) WHERE level = 2 AND idx = 1`, /^Teilbaum 2\/1$/],
        [`UPDATE ledger_checkpoints SET note = replace(note, E'\n' || size || E'\n', E'\n' || (size - 1) || E'\n')`, /^Prüfpunkt bei \d+ Einträgen$/],
        [`DELETE FROM ledger_leaves WHERE idx = (SELECT max(idx) FROM ledger_leaves)`, /^(Eintrag \d+|Protokollkopf|Prüfpunkt bei \d+ Einträgen)$/],
      ];
      for (const [sql, where] of cases) {
        const findings = await db
          .transaction(async (tx) => {
            await tx.query(sql);
            throw Object.assign(new Error('rollback'), { f: await ledger.verifyIn(tx) });
          })
          .catch((e: { f?: { where: string }[] }) => e.f ?? []);
        expect(findings.length, sql).toBeGreaterThan(0);
        expect(findings.some((f) => where.test(f.where)), JSON.stringify(findings)).toBe(true);
      }
      expect(await ledger.verify()).toEqual([]);
    });

    it('enters what was recorded a moment ago before it re-checks (no false alarm during live work), and still finds a later change', async () => {
      const c = cases[11]!;
      const id = randomUUID();
      const text = `Nachforderung zu Fall ${c.caseId}`;
      // Committed without a catch-up after it, as by another process a moment before the audit.
      await db.query(`INSERT INTO drafts (id, case_id, municipality_id, kind, text, text_hash, result_hash, created_by) VALUES ($1, $2, 'musterstadt', 'nachforderung', $3, $4, NULL, 'system')`, [
        id,
        c.caseId,
        text,
        `sha256:${sha256Hex(text)}`,
      ]);
      expect(await db.transaction((tx) => verifyCoverage(tx))).toEqual([expect.objectContaining({ message: expect.stringMatching(/kein Protokolleintrag/) })]);
      expect(await ledger.verify()).toEqual([]);
      expect(await db.query(`SELECT 1 FROM ledger_leaves WHERE covers = $1`, [`draft:${id}`])).toHaveLength(1);
      await db.query(`UPDATE drafts SET text_hash = $2 WHERE id = $1`, [id, `sha256:${'1'.repeat(64)}`]);
      expect((await ledger.verify()).map((f) => f.where)).toEqual([expect.stringContaining(`Entwurf ${id}`)]);
      await db.query(`UPDATE drafts SET text_hash = $2 WHERE id = $1`, [id, `sha256:${sha256Hex(text)}`]);
      expect(await ledger.verify()).toEqual([]);
    });

    it('a read waits for the catch-ups in flight when it asks, not for a stream of commits to end', async () => {
      let streaming = true;
      const stream = (async () => {
        // commits keep coming: every one starts a catch-up, as the workflow's listener does
        while (streaming) {
          ledger.catchUpSoon();
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      await new Promise((r) => setTimeout(r, 50));
      await ledger.settled();
      const stillStreaming = streaming;
      streaming = false;
      await stream;
      await ledger.settled();
      expect(stillStreaming).toBe(true);
    });
  });
}
