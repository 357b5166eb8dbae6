import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedEngine } from '../../src/server/index.ts';
import { PDF, STORES, multipart, startTestPlatform, type TestPlatform } from './helpers.ts';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Bad input of every kind gets a clear 4xx with a German message naming the field, never a
 * 500, and nothing stored changes: every table (except the read log, which records reads)
 * is fingerprinted before and after.
 */
const TABLES = ['municipalities', 'teams', 'users', 'citizens', 'sessions', 'login_links', 'cases', 'case_personal', 'case_events', 'documents', 'drafts', 'objections', 'recalc_runs', 'recalc_items', 'recalc_proposals', 'idempotency_keys'];

describe.each(STORES)('bad input (%s)', (kind) => {
  let t: TestPlatform;
  let caseId = '';
  let version = 0;
  let cw = '';
  let admin = '';
  let citizen = '';
  const member = { id: 'p1', rolle: 'antragsteller', geburtsdatum: '1985-04-12', einkuenfte: [{ art: 'erwerb', brutto_monat: '1800.00' }] };
  const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [member] };

  const snapshot = async () => {
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      const rows = await t.db.query<{ h: string | null; n: number }>(`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h, count(*)::int AS n FROM ${table} x`);
      out[table] = `${rows[0]!.n}:${rows[0]!.h}`;
    }
    return out;
  };

  beforeAll(async () => {
    t = await startTestPlatform(kind, installedEngine());
    const r = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Erika' }, antrag }, headers: { 'idempotency-key': 'bad-input-base-1' } });
    caseId = r.body.caseId;
    citizen = await t.citizenLogin(r.body.aktenzeichen, r.body.accessCode);
    cw = await t.login('sachbearbeitung');
    admin = await t.login('admin');
    version = (await t.call('GET', `/api/cases/${caseId}`, { token: cw })).body.version;
  });
  afterAll(async () => t?.close());

  it('answers every bad request with a German 4xx naming the field and changes nothing', async () => {
    const before = await snapshot();
    const json = { 'content-type': 'application/json' };
    const cases: { name: string; run: () => ReturnType<TestPlatform['call']>; status: number; path?: string; message: RegExp }[] = [
      { name: 'malformed JSON', run: () => t.call('POST', '/api/applications', { payload: '{"packId": "wohngeld", ', headers: json }), status: 400, message: /kein gültiges JSON/ },
      { name: 'JSON that is not an object', run: () => t.call('POST', '/api/applications', { payload: '[1,2]', headers: json }), status: 400, path: '$', message: /Objekt|Typ/ },
      { name: 'empty body', run: () => t.call('POST', '/api/applications', { payload: '', headers: json }), status: 400, message: /leer|fehlt|JSON/ },
      { name: 'missing field', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', antrag } }), status: 400, path: '$.applicant', message: /Pflichtfeld/ },
      { name: 'unknown field', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A', geheim: 1 }, antrag } }), status: 400, path: '$.applicant.geheim', message: /nicht erlaubt/ },
      { name: 'wrong type', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 5 }, antrag } }), status: 400, path: '$.applicant.name', message: /Typ|Text/ },
      { name: 'negative rent', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A' }, antrag: { ...antrag, miete_monat: -5 } } }), status: 400, path: '$.antrag.miete_monat', message: /negativ/ },
      { name: 'unknown Mietenstufe', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A' }, antrag: { ...antrag, mietenstufe: 9 } } }), status: 400, path: '$.antrag.mietenstufe', message: /.+/ },
      { name: 'wrong type deep in the application', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A' }, antrag: { ...antrag, haushaltsmitglieder: [{ ...member, einkuenfte: [{ art: 'lotto', brutto_monat: '1' }] }] } } }), status: 400, path: '$.antrag.haushaltsmitglieder[0].einkuenfte[0].art', message: /.+/ },
      // a misspelt optional field would otherwise vanish without a word and change the result
      { name: 'field the pack does not declare', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A' }, antrag: { ...antrag, schwerbehinderung: true } } }), status: 400, path: '$.antrag.schwerbehinderung', message: /unbekanntes Feld/ },
      { name: 'undeclared field deep in the application', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A' }, antrag: { ...antrag, haushaltsmitglieder: [{ ...member, einkuenfte: [{ art: 'erwerb', brutto_monat: '1800.00', netto: '1200.00' }] }] } } }), status: 400, path: '$.antrag.haushaltsmitglieder[0].einkuenfte[0].netto', message: /unbekanntes Feld/ },
      { name: 'undeclared field in a Kita application', run: () => t.call('POST', '/api/applications', { body: { packId: 'kita-beitrag', applicant: { name: 'A' }, antrag: { stichtag: '2025-03-01', kind: { geburtsdatum: '2021-05-01', betreuungsstunden_woche: 35, geschwisterkind: true } } } }), status: 400, path: '$.antrag.kind.geschwisterkind', message: /unbekanntes Feld/ },
      { name: 'undeclared field when the citizen corrects the application', run: () => t.call('PUT', `/api/my/cases/${caseId}/application`, { token: citizen, body: { version, antrag: { ...antrag, mietstufe: 3 } } }), status: 400, path: '$.antrag.mietstufe', message: /unbekanntes Feld/ },
      { name: 'undeclared field in the public calculator', run: () => t.call('POST', '/api/public/packs/wohngeld/calculate', { body: { antrag: { ...antrag, kinder: 2 } } }), status: 400, path: '$.antrag.kinder', message: /unbekanntes Feld/ },
      // null is a value, not an absence: read as absent, a null § 16 flag would become false and change the amount
      { name: 'null for a field that does not allow it', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A' }, antrag: { ...antrag, haushaltsmitglieder: [{ ...member, abzuege_16: { steuern: null } }] } } }), status: 400, path: '$.antrag.haushaltsmitglieder[0].abzuege_16.steuern', message: /null ist hier nicht zulässig/ },
      { name: 'unknown pack', run: () => t.call('POST', '/api/applications', { body: { packId: 'hundesteuer', applicant: { name: 'A' }, antrag } }), status: 400, path: '$.packId', message: /Regelwerk/ },
      { name: 'huge body', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A'.repeat(2_000_000) }, antrag } }), status: 413, message: /zu groß/ },
      { name: 'wrong media type', run: () => t.call('POST', '/api/applications', { payload: 'packId=wohngeld', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), status: 415, message: /JSON/ },
      { name: 'idempotency key reused for another application', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Jemand anders' }, antrag }, headers: { 'idempotency-key': 'bad-input-base-1' } }), status: 409, message: /Idempotenz/ },
      { name: 'version of wrong type', run: () => t.call('POST', `/api/cases/${caseId}/approve`, { token: cw, body: { version: 'neu' } }), status: 400, path: '$.version', message: /Typ|ganze Zahl/ },
      { name: 'stale version', run: () => t.call('POST', `/api/cases/${caseId}/request-documents`, { token: cw, body: { version: version + 7 } }), status: 409, path: '$.version', message: /inzwischen/ },
      { name: 'wrong state transition', run: () => t.call('POST', `/api/cases/${caseId}/issue`, { token: cw, body: { version } }), status: 409, path: '$.state', message: /nicht möglich/ },
      { name: 'approve before a draft exists', run: () => t.call('POST', `/api/cases/${caseId}/submit-review`, { token: cw, body: { version } }), status: 409, message: /Entwurf/ },
      { name: 'objection before the decision is issued', run: () => t.call('POST', `/api/my/cases/${caseId}/objection`, { token: citizen, body: { version, reason: 'Ich widerspreche dem Bescheid.' } }), status: 409, message: /nicht möglich/ },
      { name: 'override without reason', run: () => t.call('POST', `/api/cases/${caseId}/overrides`, { token: cw, body: { version, name: 'wohngeld_monat', value: 500 } }), status: 400, path: '$.reason', message: /Pflichtfeld/ },
      { name: 'override of a value that was not computed', run: () => t.call('POST', `/api/cases/${caseId}/overrides`, { token: cw, body: { version, name: 'erfunden', value: 1, reason: 'Begründung mit genug Zeichen' } }), status: 400, path: '$.name', message: /nicht berechnet/ },
      { name: 'override with an amount no application may state', run: () => t.call('POST', `/api/cases/${caseId}/overrides`, { token: cw, body: { version, name: 'M', value: '99999999999999999999999', reason: 'Begründung mit genug Zeichen' } }), status: 400, path: '$.value', message: /unplausibel hoher Betrag/ },
      { name: 'override the rules cannot go on with', run: () => t.call('POST', `/api/cases/${caseId}/overrides`, { token: cw, body: { version, name: 'mietenstufe_angewendet', value: 99, reason: 'Begründung mit genug Zeichen' } }), status: 400, path: '$.value', message: /nicht weiterrechnen/ },
      { name: 'override of an input the decision repeats', run: () => t.call('POST', `/api/cases/${caseId}/overrides`, { token: cw, body: { version, name: 'art', value: 'lastenzuschuss', reason: 'Begründung mit genug Zeichen' } }), status: 400, path: '$.name', message: /Angabe aus dem Antrag/ },
      { name: 'override of an inherited property name', run: () => t.call('POST', `/api/cases/${caseId}/overrides`, { token: cw, body: { version, name: '__proto__', value: 1, reason: 'Begründung mit genug Zeichen' } }), status: 400, path: '$.name', message: /nicht berechnet/ },
      { name: 'user in a team that does not exist', run: () => t.call('POST', '/api/admin/users', { token: admin, body: { username: 'neu.user1', displayName: 'Neu', role: 'caseworker', teamId: 'gibtsnicht' } }), status: 400, path: '$.teamId', message: /Team „gibtsnicht“/ },
      { name: 'user moved to a team that does not exist', run: async () => {
          const users = (await t.call('GET', '/api/admin/users', { token: admin })).body.items as { id: string; username: string }[];
          return t.call('PATCH', `/api/admin/users/${users.find((u) => u.username === 'sachbearbeitung')!.id}`, { token: admin, body: { teamId: 'gibtsnicht' } });
        }, status: 400, path: '$.teamId', message: /Team „gibtsnicht“/ },
      { name: 'user with a blank name', run: () => t.call('POST', '/api/admin/users', { token: admin, body: { username: 'neu.user2', displayName: '   ', role: 'caseworker' } }), status: 400, path: '$.displayName', message: /.+/ },
      { name: 'retention for a pack that is not installed', run: () => t.call('PUT', '/api/admin/settings', { token: admin, body: { retention: { gibtsnicht: { days: 30, mode: 'delete' } } } }), status: 400, path: '$.retention.gibtsnicht', message: /nicht installiert/ },
      { name: 'release that is not installed', run: () => t.call('PUT', '/api/admin/settings', { token: admin, body: { packReleases: { wohngeld: '1999.9' } } }), status: 400, path: '$.packReleases.wohngeld', message: /.+/ },
      { name: 'automation for a pack that is not installed', run: () => t.call('PUT', '/api/admin/settings', { token: admin, body: { automatedDecisions: { gibtsnicht: { enabled: false, legalBasis: 'x' } } } }), status: 400, path: '$.automatedDecisions.gibtsnicht', message: /nicht installiert/ },
      { name: 'authority without a name', run: () => t.call('PUT', '/api/admin/settings', { token: admin, body: { authority: { name: '  ' } } }), status: 400, path: '$.authority.name', message: /.+/ },
      { name: 'deadline in the past', run: () => t.call('POST', `/api/cases/${caseId}/request-documents`, { token: cw, body: { version, deadline: '2001-01-01' } }), status: 400, path: '$.deadline', message: /Zukunft/ },
      // § 66 Abs. 3 SGB I: a reasonable deadline, within the bounds of the municipality's own setting (7–90 days)
      { name: 'deadline in two days', run: () => t.call('POST', `/api/cases/${caseId}/request-documents`, { token: cw, body: { version, deadline: inDays(2) } }), status: 400, path: '$.deadline', message: /angemessene Frist.*frühestens/ },
      { name: 'deadline in 200 days', run: () => t.call('POST', `/api/cases/${caseId}/request-documents`, { token: cw, body: { version, deadline: inDays(200) } }), status: 400, path: '$.deadline', message: /zwischen 7 und 90 Tagen/ },
      { name: 'date in year 0000', run: () => t.call('POST', `/api/cases/${caseId}/request-documents`, { token: cw, body: { version, deadline: '0000-01-01' } }), status: 400, path: '$.deadline', message: /gültiges Datum.*1900 bis 2199/ },
      { name: 'invalid date', run: () => t.call('POST', `/api/cases/${caseId}/request-documents`, { token: cw, body: { version, deadline: '2030-02-31x' } }), status: 400, path: '$.deadline', message: /.+/ },
      { name: 'malformed id in the path', run: () => t.call('GET', '/api/cases/123', { token: cw }), status: 400, path: 'Pfadparameter.id', message: /.+/ },
      { name: 'unknown query parameter', run: () => t.call('GET', '/api/cases?seite=2', { token: cw }), status: 400, path: 'Abfrageparameter.seite', message: /nicht erlaubt/ },
      { name: 'page size too large', run: () => t.call('GET', '/api/cases?pageSize=100000', { token: cw }), status: 400, path: 'Abfrageparameter.pageSize', message: /.+/ },
      { name: 'unknown route', run: () => t.call('GET', '/api/gibt-es-nicht', { token: cw }), status: 404, message: /Adresse/ },
      { name: 'wrong password', run: () => t.call('POST', '/api/auth/login', { body: { username: 'sachbearbeitung', password: 'falsch' } }), status: 401, message: /falsch/ },
      { name: 'wrong access code', run: () => t.call('POST', '/api/auth/citizen', { body: { aktenzeichen: 'WG-2025-000001', accessCode: 'AAAA-BBBB-CCCC' } }), status: 401, message: /falsch/ },
      // found by a sweep of malformed requests over every operation of the OpenAPI document:
      // PostgreSQL cannot store NUL; one application with it broke every later audit list
      { name: 'NUL character deep in the application', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A' }, antrag: { ...antrag, haushaltsmitglieder: [{ ...member, id: 'p\u00001' }] } } }), status: 400, path: '$.antrag.haushaltsmitglieder[0].id', message: /NUL/ },
      { name: 'NUL character in a login', run: () => t.call('POST', '/api/auth/login', { body: { username: 'a\u0000b', password: 'x' } }), status: 400, path: '$.username', message: /NUL/ },
      { name: 'NUL character in a query parameter', run: () => t.call('GET', '/api/cases?packId=%00', { token: cw }), status: 400, path: 'Abfrageparameter.packId', message: /NUL/ },
      { name: 'lone surrogate in a text', run: () => t.call('POST', '/api/applications', { payload: '{"packId":"wohngeld","applicant":{"name":"A\\ud800b"},"antrag":' + JSON.stringify(antrag) + '}', headers: json }), status: 400, path: '$.applicant.name', message: /Unicode/ },
      { name: 'page number beyond any list', run: () => t.call('GET', '/api/cases?page=99999999999999999999', { token: cw }), status: 400, path: 'Abfrageparameter.page', message: /.+/ },
      { name: 'version of 1e308', run: () => t.call('POST', `/api/cases/${caseId}/request-documents`, { token: cw, payload: '{"version":1e308}', headers: json }), status: 400, path: '$.version', message: /.+/ },
      { name: 'path parameter over 100 characters', run: () => t.call('POST', `/api/cases/${'a'.repeat(5000)}/discretion`, { token: cw, body: {} }), status: 414, path: 'Pfadparameter', message: /zu lang/ },
      { name: 'path parameter over 100 characters, GET', run: () => t.call('GET', `/api/cases/${'a'.repeat(150)}`, { token: cw }), status: 414, path: 'Pfadparameter', message: /zu lang/ },
      { name: 'absurd amount', run: () => t.call('POST', '/api/applications', { payload: JSON.stringify({ packId: 'wohngeld', applicant: { name: 'A' }, antrag: { ...antrag, miete_monat: 0 } }).replace('"miete_monat":0', '"miete_monat":1e308'), headers: json }), status: 400, path: '$.antrag.miete_monat', message: /unplausibel/ },
      { name: 'more household members than any household has', run: () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'A' }, antrag: { ...antrag, haushaltsmitglieder: Array.from({ length: 51 }, (_, i) => ({ ...member, id: `p${i}`, rolle: i ? 'kind' : 'antragsteller' })) } } }), status: 400, path: '$.antrag.haushaltsmitglieder', message: /höchstens 50/ },
      { name: 'what-if on a rent that is not a number', run: () => t.call('POST', '/api/public/packs/wohngeld/what-if', { body: { antrag: { ...antrag, miete_monat: 'abc' }, path: '$.miete_monat' } }), status: 400, path: '$.antrag.miete_monat', message: /.+/ },
      { name: 'upload without multipart boundary', run: () => t.call('POST', `/api/my/cases/${caseId}/documents`, { token: citizen, payload: 'x', headers: { 'content-type': 'multipart/form-data' } }), status: 400, message: /Upload|multipart/ },
    ];
    const uploads: { name: string; file: { name: string; type: string; content: Buffer } | null; fields?: Record<string, string>; status: number; message: RegExp }[] = [
      { name: 'executable named .pdf', file: { name: 'x.pdf', type: 'application/pdf', content: Buffer.from('MZ\x90\x00\x03 not a pdf') }, status: 400, message: /kein PDF/ },
      { name: 'forbidden type', file: { name: 'x.html', type: 'text/html', content: Buffer.from('<script>') }, status: 400, message: /nicht erlaubt/ },
      { name: 'PNG that is a JPEG', file: { name: 'x.png', type: 'image/png', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]) }, status: 400, message: /kein PNG/ },
      { name: 'too large', file: { name: 'big.pdf', type: 'application/pdf', content: Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]) }, status: 413, message: /zu groß/ },
      { name: 'no file', file: null, fields: { checklistId: 'antrag' }, status: 400, message: /keine Datei/ },
      { name: 'unknown checklist item', file: { name: 'x.pdf', type: 'application/pdf', content: PDF }, fields: { checklistId: 'steuererklaerung_1999' }, status: 400, message: /kein Nachweis/ },
      { name: 'empty file', file: { name: 'x.pdf', type: 'application/pdf', content: Buffer.alloc(0) }, status: 400, message: /leer/ },
    ];
    const failures: string[] = [];
    for (const c of cases) {
      const r = await c.run();
      const e = r.body?.error;
      if (r.status !== c.status) failures.push(`${c.name}: status ${r.status} ≠ ${c.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
      else if (!e || !c.message.test(e.message)) failures.push(`${c.name}: message ${JSON.stringify(e)}`);
      else if (c.path && !e.problems.some((p: { path: string }) => p.path === c.path)) failures.push(`${c.name}: no problem at ${c.path}: ${JSON.stringify(e.problems)}`);
    }
    for (const u of uploads) {
      const m = multipart(u.fields ?? {}, u.file);
      const r = await t.call('POST', `/api/my/cases/${caseId}/documents`, { token: citizen, payload: m.payload, headers: m.headers });
      if (r.status !== u.status || !u.message.test(r.body?.error?.message ?? '')) failures.push(`upload ${u.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    // Sessions are written by the logins above only; nothing else changed.
    expect(await snapshot()).toEqual(before);
  });

  it('answers an upload cut off inside the file with a 400, also over a real connection', async () => {
    // busboy words a body that ends inside a file part differently when it arrives over a socket
    // ("Part terminated early …"); app.inject does not show it, so this goes through a port
    const app = t.platform.app!;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const body = '--x\r\nContent-Disposition: form-data; name="datei"; filename="a.pdf"\r\n\r\n%PDF';
    for (const [path, token] of [[`/api/cases/${caseId}/documents`, cw], [`/api/my/cases/${caseId}/documents`, citizen]] as const) {
      const answer = await new Promise<string>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () =>
          s.write(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`),
        );
        let out = '';
        s.on('data', (d) => (out += String(d)));
        s.on('end', () => resolve(out));
        s.on('error', reject);
      });
      expect(answer.split('\r\n')[0], answer.slice(0, 400)).toBe('HTTP/1.1 400 Bad Request');
      expect(answer).toContain('Der Datei-Upload ist unvollständig');
    }
  });

  it('takes a case id in capitals as the same case, on the routes that open its encrypted data too', async () => {
    // the per-case key is bound to the id as text: in capitals it failed to decrypt (500, a false alarm of changed data)
    const upper = caseId.toUpperCase();
    const mine = await t.call('GET', `/api/my/cases/${upper}`, { token: citizen });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body).toEqual((await t.call('GET', `/api/my/cases/${caseId}`, { token: citizen })).body);
    expect((await t.call('GET', `/api/my/cases/${upper}/application`, { token: citizen })).status).toBe(200);
    const personal = await t.call('GET', `/api/cases/${upper}/personal?purpose=Pr%C3%BCfung`, { token: cw });
    expect(personal.status, JSON.stringify(personal.body)).toBe(200);
    expect(personal.body.applicant.name).toBe('Erika');
    expect((await t.call('GET', `/api/cases/${upper}/missing`, { token: cw })).status).toBe(200);
  });
});
