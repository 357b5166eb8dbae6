import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AmtsklarError, isAmtsklarError } from '../../common/index.ts';
import { STAFF_ROLES, mergeSettings, type MunicipalitySettings, type StaffRole } from '../../cases/index.ts';
import { generatePassword, hashPassword, passwordProblem } from '../../auth/index.ts';
import { accessLog, auditDecisions, caseHistory, eraseCase, findUserById, getSettings, insertUser, isUuid, listErasures, listUsers, putSettings, updateUser, type Db, type UserRow } from '../../store/index.ts';
import { sweepRetention } from '../../jobs/index.ts';
import { DATA_CLASSES } from '../../drafting/index.ts';
import { modelEndpointConfig } from '../../model-client/index.ts';
import { actorOf } from '../access.ts';
import { applicationFieldNames, decisionForAuditor } from '../auditor-view.ts';
import { ID_PARAMS, PAGE_QUERY, type ServerContext } from '../context.ts';

const userView = (u: UserRow) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, teamId: u.teamId, active: u.active, oidc: u.oidcSubject !== null });

const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    fourEyes: { type: 'object', additionalProperties: false, properties: { always: { type: 'boolean' }, refusals: { type: 'boolean' }, overrides: { type: 'boolean' } } },
    automatedDecisions: {
      type: 'object',
      additionalProperties: { type: 'object', required: ['enabled', 'legalBasis'], additionalProperties: false, properties: { enabled: { type: 'boolean' }, legalBasis: { type: 'string', maxLength: 500 } } },
    },
    nachforderungDays: { type: 'integer', minimum: 7, maximum: 90 },
    reminderDays: { type: 'integer', minimum: 7, maximum: 90 },
    retention: {
      type: 'object',
      additionalProperties: { type: 'object', required: ['days', 'mode'], additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, maximum: 36500 }, mode: { type: 'string', enum: ['anonymise', 'delete'] } } },
    },
    packReleases: { type: 'object', additionalProperties: { type: 'string', maxLength: 100 } },
    authority: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' }, address: { type: 'string', maxLength: 500 }, rechtsbehelfsbelehrung: { type: 'string', maxLength: 5000 } } },
    drafting: {
      type: 'object',
      additionalProperties: false,
      description: 'Eigener Modellserver der Gemeinde für Entwürfe (OpenAI-kompatibel); null: der des Betriebs. Der Schlüssel bleibt in der Umgebung (apiKeyEnv).',
      properties: {
        model: {
          type: ['object', 'null'],
          required: ['baseUrl', 'model'],
          additionalProperties: false,
          properties: {
            baseUrl: { type: 'string', maxLength: 500 },
            model: { type: 'string', minLength: 1, maxLength: 200 },
            apiKeyEnv: { type: 'string', maxLength: 100 },
            allowedDataClasses: { type: 'array', maxItems: DATA_CLASSES.length, items: { type: 'string', enum: [...DATA_CLASSES] } },
          },
        },
      },
    },
  },
} as const;

/** Administration (users, settings), the data-protection officer's access log and retention, the auditor's view. */
export async function adminPlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;
  const { db } = ctx;

  app.get('/api/admin/users', { config: { access: ['admin'] }, schema: { tags: ['Administration'], summary: 'Benutzerkonten' } }, async (req) => ({
    items: (await listUsers(db, actorOf(req).municipalityId)).map(userView),
  }));

  app.post(
    '/api/admin/users',
    {
      config: { answers: [201], access: ['admin'] },
      schema: {
        tags: ['Administration'],
        summary: 'Benutzerkonto anlegen (Startpasswort wird einmal angezeigt)',
        body: {
          type: 'object',
          required: ['username', 'displayName', 'role'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', pattern: '^[a-z0-9._-]{3,50}$' },
            displayName: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
            role: { type: 'string', enum: [...STAFF_ROLES] },
            teamId: { type: 'string', maxLength: 100 },
          },
        },
      },
    },
    async (req, reply) => {
      const a = actorOf(req);
      const b = req.body as { username: string; displayName: string; role: StaffRole; teamId?: string };
      if (b.teamId !== undefined) await requireTeam(db, a.municipalityId, b.teamId);
      const password = generatePassword();
      const u: UserRow = { id: randomUUID(), municipalityId: a.municipalityId, username: b.username, displayName: b.displayName, role: b.role, teamId: b.teamId ?? null, passwordHash: await hashPassword(password), oidcIssuer: null, oidcSubject: null, active: true };
      try {
        await insertUser(db, u);
      } catch {
        throw new AmtsklarError('conflict', `Den Benutzernamen „${b.username}“ gibt es schon.`, [{ path: '$.username', message: 'bereits vergeben' }]);
      }
      return reply.status(201).send({ user: userView(u), initialPassword: password });
    },
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['Administration'],
        summary: 'Rolle, Team, Aktivität ändern oder Passwort zurücksetzen',
        params: ID_PARAMS,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            role: { type: 'string', enum: [...STAFF_ROLES] },
            teamId: { type: ['string', 'null'], maxLength: 100 },
            active: { type: 'boolean' },
            displayName: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
            password: { type: 'string', maxLength: 256 },
            resetPassword: { type: 'boolean' },
          },
        },
      },
    },
    async (req) => {
      const a = actorOf(req);
      const { id } = req.params as { id: string };
      const b = req.body as { role?: StaffRole; teamId?: string | null; active?: boolean; displayName?: string; password?: string; resetPassword?: boolean };
      const u = await findUserById(db, id);
      if (!u || u.municipalityId !== a.municipalityId) throw new AmtsklarError('not_found', 'Das Benutzerkonto wurde nicht gefunden.');
      if (u.id === a.id && (b.role !== undefined || b.active === false)) throw new AmtsklarError('conflict', 'Die eigene Rolle oder Aktivität kann man nicht selbst ändern.');
      if (b.teamId !== undefined && b.teamId !== null) await requireTeam(db, a.municipalityId, b.teamId);
      if (b.role) u.role = b.role;
      if (b.teamId !== undefined) u.teamId = b.teamId;
      if (b.active !== undefined) u.active = b.active;
      if (b.displayName) u.displayName = b.displayName;
      let newPassword: string | undefined;
      if (b.password !== undefined) {
        const p = passwordProblem(b.password);
        if (p) throw new AmtsklarError('invalid_input', p, [{ path: '$.password', message: p }]);
        u.passwordHash = await hashPassword(b.password);
      } else if (b.resetPassword) {
        newPassword = generatePassword();
        u.passwordHash = await hashPassword(newPassword);
      }
      await updateUser(db, u);
      return { user: userView(u), ...(newPassword ? { initialPassword: newPassword } : {}) };
    },
  );

  app.get('/api/admin/settings', { config: { access: ['admin', 'dpo'] }, schema: { tags: ['Administration'], summary: 'Einstellungen der Gemeinde' } }, async (req) => getSettings(db, actorOf(req).municipalityId));

  app.put('/api/admin/settings', { config: { access: ['admin'] }, schema: { tags: ['Administration'], summary: 'Einstellungen ändern (Briefkopf, Rechtsbehelfsbelehrung, Vier-Augen, Automatisierung, Fristen, Aufbewahrung, Rechtsstände, Modellserver)', body: SETTINGS_SCHEMA } }, async (req) => {
    const a = actorOf(req);
    const current = (await getSettings(db, a.municipalityId))!;
    const b = req.body as Partial<MunicipalitySettings>;
    // a setting for a pack (or release) that is not installed would silently apply to nothing
    const installed = (path: string, packId: string, release?: string) => {
      try {
        return ctx.cases.engine.pack(packId, release);
      } catch (e) {
        if (isAmtsklarError(e) && e.code === 'not_found') throw new AmtsklarError('invalid_input', `Ungültige Eingabe bei ${path}: ${e.message}`, [{ path, message: release ? 'Rechtsstand nicht installiert' : 'Regelwerk nicht installiert' }]);
        throw e;
      }
    };
    for (const packId of Object.keys(b.retention ?? {})) installed(`$.retention.${packId}`, packId);
    for (const [packId, auto] of Object.entries(b.automatedDecisions ?? {})) {
      const pack = installed(`$.automatedDecisions.${packId}`, packId);
      if (!auto.enabled) continue;
      if (pack.hasDiscretionPoints) {
        throw new AmtsklarError('conflict', `Das Regelwerk „${packId}“ enthält Ermessenspunkte; vollautomatisierte Bescheide sind nach § 35a VwVfG / § 31a SGB X ausgeschlossen.`, [
          { path: `$.automatedDecisions.${packId}.enabled`, message: 'Regelwerk mit Ermessen' },
        ]);
      }
      if (auto.legalBasis.trim().length < 5) throw new AmtsklarError('invalid_input', 'Für vollautomatisierte Bescheide muss die Rechtsgrundlage angegeben werden.', [{ path: `$.automatedDecisions.${packId}.legalBasis`, message: 'fehlt' }]);
    }
    for (const [packId, release] of Object.entries(b.packReleases ?? {})) installed(`$.packReleases.${packId}`, packId, release);
    // The drafting plugin reads `drafting.model` when it drafts; checked here so a bad URL is refused now, not at the next draft.
    const { drafting, ...rest } = b as Partial<MunicipalitySettings> & { drafting?: { model?: Record<string, unknown> | null } };
    if (drafting?.model) modelEndpointConfig(drafting.model, '$.drafting.model');
    const next: MunicipalitySettings & { drafting?: { model: Record<string, unknown> } } = mergeSettings({ ...current, ...rest, fourEyes: { ...current.fourEyes, ...(b.fourEyes ?? {}) }, authority: { ...current.authority, ...(b.authority ?? {}) } });
    if (drafting && 'model' in drafting) {
      if (drafting.model) next.drafting = { model: drafting.model };
      else delete next.drafting;
    }
    await putSettings(db, a.municipalityId, next);
    return next;
  });

  app.get(
    '/api/dpo/access-log',
    {
      config: { access: ['dpo'] },
      schema: { tags: ['Datenschutz'], summary: 'Protokoll der Zugriffe auf personenbezogene Daten', querystring: { type: 'object', additionalProperties: false, properties: { ...PAGE_QUERY, caseId: { type: 'string', format: 'uuid' } } } },
    },
    async (req) => {
      const q = req.query as { page: number; pageSize: number; caseId?: string };
      return accessLog(db, actorOf(req).municipalityId, q.page, q.pageSize, q.caseId);
    },
  );

  app.post('/api/dpo/retention/run', { config: { access: ['dpo', 'admin'] }, schema: { tags: ['Datenschutz'], summary: 'Aufbewahrungsfristen jetzt anwenden (sonst täglich als Hintergrundauftrag)' } }, async () => ({
    erased: await sweepRetention({ db, cases: ctx.cases, ledger: ctx.ledger, keys: ctx.keys }),
  }));

  app.post(
    '/api/dpo/erasures',
    {
      config: { answers: [201], access: ['dpo'] },
      schema: {
        tags: ['Datenschutz'],
        summary: 'Personenbezogene Daten eines Falls löschen (Art. 17 DSGVO): Fallschlüssel vernichten, Löschung im Protokoll vermerken',
        description:
          'Vernichtet den Schlüssel des Falls (alle Kopien der verschlüsselten Daten, auch in Sicherungen, sind danach unlesbar), entfernt die personenbezogenen Zeilen und trägt die Löschung ins Protokoll ein. „anonymise“ behält die pseudonyme Entscheidung (Beträge, Freigaben, Prüfnummern), „delete“ entfernt den ganzen Fall. Nicht umkehrbar. Nur für abgeschlossene Fälle (Status „abgeschlossen“, `closed`): solange das Verfahren läuft, antwortet 409 (Art. 17 Abs. 3 Buchst. b und e DSGVO).',
        body: {
          type: 'object',
          required: ['aktenzeichen', 'legalBasis'],
          additionalProperties: false,
          properties: {
            aktenzeichen: { type: 'string', minLength: 1, maxLength: 100, description: 'Aktenzeichen des Falls (aus dem Löschantrag)' },
            legalBasis: { type: 'string', enum: ['dsgvo-art17'], description: 'dsgvo-art17: Art. 17 Abs. 1 DSGVO' },
            mode: { type: 'string', enum: ['anonymise', 'delete'], default: 'anonymise' },
          },
        },
      },
    },
    async (req, reply) => {
      const a = actorOf(req);
      const b = req.body as { aktenzeichen: string; legalBasis: string; mode: 'anonymise' | 'delete' };
      const [c] = await db.query<{ id: string }>('SELECT id FROM cases WHERE municipality_id = $1 AND aktenzeichen = $2', [a.municipalityId, b.aktenzeichen]);
      if (!c) throw new AmtsklarError('not_found', `Einen Fall mit dem Aktenzeichen „${b.aktenzeichen}“ gibt es hier nicht.`, [{ path: '$.aktenzeichen', message: 'unbekannt' }]);
      const r = await eraseCase(db, ctx.ledger, ctx.keys, { municipalityId: a.municipalityId, caseId: c.id, legalBasis: b.legalBasis, mode: b.mode, actor: { role: a.role, id: a.id }, onlyInStates: ['closed'] });
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/dpo/erasures',
    { config: { access: ['dpo', 'auditor'] }, schema: { tags: ['Datenschutz'], summary: 'Vollzogene Löschungen (Grund, Verfahren, Protokolleintrag)', querystring: { type: 'object', additionalProperties: false, properties: { ...PAGE_QUERY } } } },
    async (req) => {
      const q = req.query as { page: number; pageSize: number };
      return listErasures(db, actorOf(req).municipalityId, q.page, q.pageSize);
    },
  );

  app.get(
    '/api/audit/decisions',
    { config: { access: ['auditor'] }, schema: { tags: ['Prüfung'], summary: 'Entscheidungen mit Prüfnummern (ohne personenbezogene Daten)', querystring: { type: 'object', additionalProperties: false, properties: { ...PAGE_QUERY } } } },
    async (req) => {
      const q = req.query as { page: number; pageSize: number };
      return auditDecisions(db, actorOf(req).municipalityId, q.page, q.pageSize);
    },
  );

  app.get('/api/audit/cases/:id', { config: { access: ['auditor'] }, schema: { tags: ['Prüfung'], summary: 'Entscheidung, Rechenweg und Verlauf eines Falls (ohne personenbezogene Daten)', params: ID_PARAMS } }, async (req) => {
    const a = actorOf(req);
    const { id } = req.params as { id: string };
    if (!isUuid(id)) throw new AmtsklarError('not_found', 'Der Fall wurde nicht gefunden.');
    const rows = await db.query<{ id: string; pack_id: string; pack_release: string; state: string; decision: unknown; discretion: Record<string, { option: string; by: string; at?: string }>; overrides: Record<string, { value: unknown; by: string }>; approvals: unknown }>(
      'SELECT id, pack_id, pack_release, state, decision, discretion, overrides, approvals FROM cases WHERE id = $1 AND municipality_id = $2',
      [id, a.municipalityId],
    );
    const c = rows[0];
    if (!c) throw new AmtsklarError('not_found', 'Der Fall wurde nicht gefunden.');
    const history = (await caseHistory(db, id)).map((e) => ({
      type: e.type,
      from: e.from,
      to: e.to,
      actorKind: e.actor.kind,
      at: e.at,
      hasReason: e.reason !== null,
      data: Object.fromEntries(Object.entries(e.data).filter(([k]) => !['missing'].includes(k))),
    }));
    const stored = c.decision as Record<string, unknown> | null;
    // A decision stored without its Rechenweg gets it recomputed (and the facts removed below).
    const decision = stored && !Array.isArray(stored.trace) ? (((await ctx.cases.auditTrace(a, id)) as Record<string, unknown> | null) ?? stored) : stored;
    // Written reasons may name people: the auditor sees that a reason exists and who decided, not its text.
    return {
      id: c.id,
      packId: c.pack_id,
      packRelease: c.pack_release,
      state: c.state,
      decision: decision ? decisionForAuditor(decision, applicationFieldNames(ctx.cases.engine.pack(c.pack_id, c.pack_release).inputSchema)) : null,
      discretion: Object.fromEntries(Object.entries(c.discretion).map(([k, v]) => [k, { option: v.option, by: v.by, at: v.at ?? null }])),
      overrides: Object.fromEntries(Object.entries(c.overrides).map(([k, v]) => [k, { value: v.value, by: v.by }])),
      approvals: c.approvals,
      history,
    };
  });
}

/** A user's team must exist: work assigned by team would otherwise reach nobody, and the team lead could not pick the person again. */
async function requireTeam(db: Db, municipalityId: string, teamId: string): Promise<void> {
  const [team] = await db.query('SELECT 1 FROM teams WHERE municipality_id = $1 AND id = $2', [municipalityId, teamId]);
  if (!team) throw new AmtsklarError('invalid_input', `Ungültige Eingabe bei $.teamId: ein Team „${teamId}“ gibt es in dieser Gemeinde nicht.`, [{ path: '$.teamId', message: 'unbekanntes Team' }]);
}
