import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedEngine } from '../../src/server/index.ts';
import { NEW_RELEASE, packsWithLawChange } from './law-change.ts';
import { STORES, startTestPlatform, type TestPlatform } from './helpers.ts';

/**
 * A submission is one atomic statement. The municipality's settings are kept by the process
 * between submissions and checked in that statement; an answer stored under the idempotency key
 * is found in it too. These tests change settings behind the process's back, as another server
 * process or an administrator's SQL would, and repeat requests.
 */
const member = { id: 'p1', rolle: 'antragsteller', geburtsdatum: '1985-04-12', einkuenfte: [{ art: 'erwerb', brutto_monat: '1800.00' }], abzuege_16: { steuern: true, kranken_pflege: true, rente: true } };
const antrag = (miete: string) => ({ stichtag: '2025-03-01', mietenstufe: 3, miete_monat: miete, haushaltsmitglieder: [member] });
const serial = (aktenzeichen: string) => Number(aktenzeichen.slice(-6));

describe.each(STORES)('submissions (%s)', (kind) => {
  let t: TestPlatform;
  let packs = '';
  const submit = (miete: string, key?: string, body?: unknown) =>
    t.call('POST', '/api/applications', { body: body ?? { packId: 'wohngeld', applicant: { name: 'Erika' }, antrag: antrag(miete) }, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
  const cases = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n;

  beforeAll(async () => {
    packs = packsWithLawChange();
    t = await startTestPlatform(kind, installedEngine(packs));
    await t.db.query(`UPDATE municipalities SET settings = '{"packReleases":{"wohngeld":"2025.1"}}' WHERE id = 'musterstadt'`);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(packs, { recursive: true, force: true });
  });

  it('checks each application under the settings stored at that moment, also when they changed behind the process', async () => {
    const first = await submit('500.00');
    expect(first.status).toBe(201);
    const release = async (caseId: string) => (await t.db.query<{ r: string }>('SELECT pack_release AS r FROM cases WHERE id = $1', [caseId]))[0]!.r;
    expect(await release(first.body.caseId)).toBe('2025.1');

    // another process switches the municipality to the new law
    await t.db.query(`UPDATE municipalities SET settings = jsonb_set(settings, '{packReleases,wohngeld}', to_jsonb($1::text)) WHERE id = 'musterstadt'`, [NEW_RELEASE]);
    const second = await submit('500.00');
    expect(second.status).toBe(201);
    expect(await release(second.body.caseId)).toBe(NEW_RELEASE);
    expect(second.body.aktenzeichen).not.toBe(first.body.aktenzeichen);
    // the attempt under the old settings stored nothing and drew no number
    expect(serial(second.body.aktenzeichen)).toBe(serial(first.body.aktenzeichen) + 1);

    // a release that is not installed: refused, nothing stored
    await t.db.query(`UPDATE municipalities SET settings = '{"packReleases":{"wohngeld":"1999.1"}}' WHERE id = 'musterstadt'`);
    const before = await cases();
    const refused = await submit('500.00');
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/Regelwerk/);
    expect(await cases()).toBe(before);

    await t.db.query(`UPDATE municipalities SET settings = '{"packReleases":{"wohngeld":"2025.1"}}' WHERE id = 'musterstadt'`);
    const third = await submit('500.00');
    expect(third.status).toBe(201);
    expect(await release(third.body.caseId)).toBe('2025.1');
    expect(serial(third.body.aktenzeichen)).toBe(serial(second.body.aktenzeichen) + 1);
  });

  it('answers a repeated request with the first answer: no second case, no number drawn', async () => {
    const key = `wiederholt-${kind}`;
    const a = await submit('610.00', key);
    expect(a.status).toBe(201);
    const n = await cases();
    const again = await submit('610.00', key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(a.body);
    expect(await cases()).toBe(n);
    const next = await submit('620.00');
    expect(serial(next.body.aktenzeichen)).toBe(serial(a.body.aktenzeichen) + 1);
  });

  it('refuses a key reused for another application, valid or not, without storing anything', async () => {
    const key = `doppelt-${kind}`;
    expect((await submit('630.00', key)).status).toBe(201);
    const n = await cases();
    const other = await submit('640.00', key);
    expect(other.status).toBe(409);
    expect(other.body.error.message).toMatch(/Idempotenz-Schlüssel/);
    // an application the engine would refuse: the key's answer still comes first
    const invalid = await submit('', key, { packId: 'wohngeld', applicant: { name: 'Erika' }, antrag: { ...antrag('630.00'), mietenstufe: 'drei' } });
    expect(invalid.status).toBe(409);
    expect(await cases()).toBe(n);
    // without the key the same application is refused for what it is
    const plain = await submit('', undefined, { packId: 'wohngeld', applicant: { name: 'Erika' }, antrag: { ...antrag('630.00'), mietenstufe: 'drei' } });
    expect(plain.status).toBe(400);
    expect(plain.body.error.message).toMatch(/mietenstufe/);
  });

  it('answers 404 for a municipality that is not set up, also once it was removed behind the process', async () => {
    const to = (gemeinde: string, body: unknown) => t.call('POST', '/api/applications', { body, headers: { 'x-gemeinde': gemeinde } });
    const valid = { packId: 'wohngeld', applicant: { name: 'E' }, antrag: antrag('500.00') };
    const n = await cases();
    const unknown = await to('nirgendwo', valid);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/nirgendwo/);

    await t.db.query(`INSERT INTO municipalities (id, name) VALUES ('kurzlebig', 'Kurzlebig')`);
    // refused by the engine, but the process has now read this municipality's settings
    expect((await to('kurzlebig', { ...valid, antrag: { ...antrag('500.00'), mietenstufe: 'drei' } })).status).toBe(400);
    await t.db.query(`DELETE FROM municipalities WHERE id = 'kurzlebig'`);
    const gone = await to('kurzlebig', valid);
    expect(gone.status).toBe(404);
    expect(await cases()).toBe(n);
  });

  it('answers with the security headers, refusals included', async () => {
    for (const r of [await submit('500.00'), await submit('', undefined, { packId: 'wohngeld' }), await t.call('GET', '/api/nirgends')]) {
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });
});
