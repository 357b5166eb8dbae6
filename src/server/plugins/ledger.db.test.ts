import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, hashFromBase64, noteVerifier, openCheckpoint, SIG_COSIGNATURE_V1, signWitnessReport, verifyConsistency, verifyReceipt, verifyReceiptText, type Receipt } from '../../ledger/index.ts';
import { contentHash } from '../../common/index.ts';
import { openLedger } from '../../store/index.ts';
import { engineDouble } from '../../../test/api/engine-double.ts';
import { PDF, STORES, eventually, multipart, startTestPlatform, type TestPlatform } from '../../../test/api/helpers.ts';


describe.each(STORES)('ledger through the HTTP API (%s)', (kind) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform(kind, engineDouble());
  }, 300_000);
  afterAll(async () => t?.close());

  it('enters a whole workflow, serves checkpoints, proofs and receipts by role, and re-checks clean', async () => {
    // The schedule (a pg-boss job) signs the first checkpoint on its own.
    await eventually(async () => (await t.db.query('SELECT 1 FROM ledger_checkpoints LIMIT 1')).length > 0);
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller' }] };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Erika Musterfrau', anschrift: 'Hauptstr. 1' }, antrag } });
    expect(sub.status).toBe(201);
    const id = sub.body.caseId as string;
    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    const cw = await t.login('sachbearbeitung');
    let c = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    c = (await t.call('POST', `/api/cases/${id}/request-documents`, { token: cw, body: { version: c.version } })).body;
    let mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    const put = await t.call('PUT', `/api/my/cases/${id}/application`, {
      token: citizen,
      body: { version: mine.version, antrag: { ...antrag, haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', einkuenfte: [{ art: 'erwerb', brutto_monat: '900.00' }] }] } },
    });
    for (const checklistId of ['mietbescheinigung', 'einkommensnachweis']) {
      const m = multipart({ checklistId }, { name: `${checklistId}.pdf`, type: 'application/pdf', content: PDF });
      await t.call('POST', `/api/my/cases/${id}/documents`, { token: citizen, payload: m.payload, headers: m.headers });
    }
    expect((await t.call('POST', `/api/my/cases/${id}/complete`, { token: citizen, body: { version: put.body.version } })).body.outcome).toBe('decided');
    c = await eventually(async () => {
      const r = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
      return r.state === 'draft_prepared' ? r : null;
    });
    c = (await t.call('POST', `/api/cases/${id}/submit-review`, { token: cw, body: { version: c.version } })).body;
    c = (await t.call('POST', `/api/cases/${id}/approve`, { token: cw, body: { version: c.version } })).body;
    // approved but not issued: the citizen does not learn the outcome from a receipt yet
    expect((await t.call('GET', `/api/my/cases/${id}/receipt`, { token: citizen })).status).toBe(409);
    c = (await t.call('POST', `/api/cases/${id}/issue`, { token: cw, body: { version: c.version } })).body;
    expect(c.state).toBe('issued');

    // Public: the log's key and latest checkpoint.
    const vkey = String((await t.call('GET', '/api/ledger/key')).body).trim();
    const first = await t.call('GET', '/api/ledger/checkpoint');
    expect(first.status).toBe(200);
    expect(openCheckpoint(String(first.body), noteVerifier(vkey)).checkpoint.origin).toBe(noteVerifier(vkey).name);

    // The citizen's receipt verifies offline against the issued decision.
    mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    const staffView = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    const decision = { resultHash: staffView.decision.receipt.resultHash, packHash: staffView.decision.packHash };
    const r = await t.call('GET', `/api/my/cases/${id}/receipt`, { token: citizen });
    expect(r.status).toBe(200);
    const receipt = r.body as Receipt;
    expect(verifyReceipt(receipt, [vkey], { decision }).ok).toBe(true);
    expect(JSON.stringify(receipt)).not.toMatch(/Erika|Hauptstr/);

    // Auditors get the short form for any case; a caseworker of another team does not.
    const auditor = await t.login('pruefung');
    const text = await t.call('GET', `/api/cases/${id}/receipt?format=text`, { token: auditor });
    expect(text.status).toBe(200);
    expect(verifyReceiptText(text.body.text, [vkey], { entry: receipt.entry, decision }).ok).toBe(true);
    expect((await t.call('GET', `/api/cases/${id}/receipt`, { token: await t.login('kita') })).status).toBe(404);
    expect((await t.call('GET', `/api/cases/${id}/receipt`)).status).toBe(401);

    // Proofs: inclusion of the decision, consistency between two checkpoints.
    const receiptSize = openCheckpoint(receipt.checkpoint, noteVerifier(vkey)).checkpoint.size;
    const inc = await t.call('GET', `/api/ledger/proof/inclusion?index=${receipt.leafIndex}&size=${receiptSize}`);
    expect(inc.status, JSON.stringify(inc.body)).toBe(200);
    expect(inc.body.proof).toEqual(receipt.inclusionProof);
    // A read of personal data is itself an entry; the log grows past the receipt's checkpoint.
    expect((await t.call('GET', `/api/my/cases/${id}/application`, { token: citizen })).status).toBe(200);
    const cp1 = openCheckpoint(receipt.checkpoint, noteVerifier(vkey)).checkpoint;
    // The engine double seals its decisions with its own hash formula (test/api/engine-double.ts).
    const ledger = openLedger(t.db, process.env, {
      resultHashOf: (d) => contentHash({ outcome: d.outcome, values: d.values, reasons: d.reasons, missing: d.missing, discretion: d.discretion, release: (d as { packVersion?: string }).packVersion }),
    });
    await ledger.catchUp();
    const cp2 = await ledger.publishCheckpoint();
    const consR = await t.call("GET", `/api/ledger/proof/consistency?from=${cp1.size}&to=${cp2.size}`);
    expect(consR.status, JSON.stringify(consR.body)).toBe(200);
    const cons = consR.body;
    const root2 = openCheckpoint(cp2.note, noteVerifier(vkey)).checkpoint.root;
    expect(cp2.size).toBeGreaterThan(cp1.size);
    expect(verifyConsistency(cp1.size, cp2.size, cons.proof.map((p: string) => hashFromBase64(p)!), cp1.root, root2).ok).toBe(true);
    expect((await t.call('GET', `/api/ledger/proof/consistency?from=${cp2.size + 5}&to=${cp2.size + 9}`)).status).toBe(400);

    // Witness status is for auditors and the data-protection officer only.
    expect((await t.call('GET', '/api/ledger/witnesses', { token: auditor })).status).toBe(200);
    expect((await t.call('GET', '/api/ledger/witnesses', { token: cw })).status).toBe(403);
    // a malformed report is bad input naming the body; a well-formed one no accepted witness signed is not authorised
    const malformed = await t.call('POST', '/api/ledger/witness-reports', { payload: 'kein Bericht\n', headers: { 'content-type': 'text/plain' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['$']);
    const stranger = generateKey('fremder-zeuge.example', SIG_COSIGNATURE_V1);
    const unsigned = signWitnessReport({ origin: 'x', size: 1, status: 'ok', time: 1, message: 'gesehen' }, stranger.signerKey);
    expect((await t.call('POST', '/api/ledger/witness-reports', { payload: unsigned, headers: { 'content-type': 'text/plain' } })).status).toBe(403);

    // Everything the workflow wrote is covered, and the whole log re-checks clean.
    const types = await t.db.query<{ entry_type: string }>('SELECT DISTINCT entry_type FROM ledger_leaves ORDER BY 1');
    expect(types.map((x) => x.entry_type)).toEqual(expect.arrayContaining(['application_received', 'approval', 'data_access', 'decision', 'draft', 'letter_issued']));
    const findings = await ledger.verify();
    expect(findings, JSON.stringify(findings)).toEqual([]);
  }, 120_000);
});
