import type { FastifyInstance } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import {
  AUTOMATION_BASES,
  DOMAINS,
  FEATURES,
  FRIA_FORM,
  REGISTER_STATUSES,
  RULES,
  exportEuDatabase,
  obligationStatuses,
  productSystems,
  type FeatureKey,
  type MunicipalityProfile,
  type RegisterEntryContent,
  type RegisterStatus,
  type StaffCouncilRecord,
  type ConsultationRecord,
} from '../../governance/index.ts';
import { listUsers } from '../../store/index.ts';
import type { ServerContext } from '../context.ts';
import { EDITORS, ENTRY_PARAMS, OVERSIGHT, STAFF, STANDARDS, governanceActor, governanceStore, type PublicStandard } from './governance-context.ts';
import { exportEntry, exportInput } from './governance-exports.ts';

const tags = ['KI-Register'];
const VERSION = { type: 'integer', minimum: 0, description: 'Version, die Sie zuletzt gelesen haben (optimistische Sperre).' } as const;
const DATE = { type: 'string', format: 'date' } as const;
const TEXT = { type: 'string', maxLength: 10000 } as const;
const FEATURE = { type: 'string', enum: [...FEATURES] } as const;
const PACK_ID = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;

/** The register entry's content fields; the governance core checks them in depth (German messages with JSON paths). */
const CONTENT = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    shortDescription: { type: 'string' },
    plainLanguage: { type: 'string' },
    purpose: { type: 'string' },
    organization: { type: 'string' },
    department: { type: 'string' },
    area: { type: 'string' },
    domain: { type: 'string', enum: [...DOMAINS] },
    legalBasis: { type: 'array', items: { type: 'object' } },
    decisionProcess: { type: 'string' },
    provider: { type: 'object' },
    algorithmType: { type: 'string', enum: ['rule-based', 'self-learning', 'hybrid'] },
    useType: { type: 'string', enum: ['descriptive', 'diagnostic', 'predictive', 'prescriptive'] },
    technicalDescription: { type: 'string' },
    data: { type: 'object' },
    affectedPersons: { type: 'array', items: { type: 'string' } },
    humanOversight: { type: 'object' },
    risks: { type: 'array', items: { type: 'object' } },
    proportionality: { type: 'string' },
    alternativesConsidered: { type: 'string' },
    contact: { type: 'object' },
    objectionProcedure: { type: 'string' },
    monitoring: { type: 'string' },
    rollback: { type: 'string' },
    accountableRole: { type: 'string' },
    links: { type: 'object' },
    automation: { type: ['object', 'null'], description: `Rechtsgrundlage der Vollautomatisierung: ${AUTOMATION_BASES.join(', ')}` },
    publicUrl: { type: 'string' },
    sourceCodeUrl: { type: 'string' },
    dpiaUrl: { type: 'string' },
    processRegisterUrl: { type: 'string' },
    reviewDue: DATE,
  },
} as const;

/**
 * The core names fields of the entry's content from its root (`$.contact.email`); in the
 * request they sit under `content`, so the paths are moved there.
 */
async function underContent<T>(fn: () => Promise<T>, keep: readonly string[] = []): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof AmtsklarError)) throw e;
    const problems = e.problems.map((p) => (keep.includes(p.path) || p.path.startsWith('$.content') || !p.path.startsWith('$.') ? p : { ...p, path: `$.content${p.path.slice(1)}` }));
    throw new AmtsklarError(e.code, e.message, problems);
  }
}

const ANSWERS = { type: 'object', additionalProperties: { type: ['string', 'array'], items: { type: 'string' } } } as const;

/**
 * The AI register for staff: entries, classification, obligations, the deployer bundle,
 * lifecycle, settings and the switches of the gated features. Administrators edit;
 * the named owners of an entry edit it; everyone on the staff reads; auditors and the
 * data-protection officer read the audit trail. Every change is a ledger entry.
 */
export async function governancePlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const store = governanceStore(opts.ctx);

  app.get('/api/governance/rules', { config: { access: [...STAFF] }, schema: { tags, summary: 'Klassifizierungsregeln: Fragen, Pflichten mit Daten, Klassen, Rechtsfassungen' } }, async () => ({
    rulesetVersion: RULES.rulesetVersion,
    rulesetDate: RULES.rulesetDate,
    questionSetVersion: RULES.questionSetVersion,
    defaultLegalVersion: RULES.defaultLegalVersion,
    legalVersions: RULES.legalVersions,
    questions: RULES.questions,
    classes: RULES.classes.map((c) => ({ id: c.id, label: c.label, explanation: c.explanation })),
    obligations: RULES.obligations,
  }));

  app.get('/api/governance/fria-form', { config: { access: [...STAFF] }, schema: { tags, summary: 'Formularmodell der Grundrechte-Folgenabschätzung (Art. 27 Abs. 1 Buchst. a–f)' } }, async () => ({ sections: FRIA_FORM }));

  app.get('/api/governance/register', { config: { access: [...STAFF] }, schema: { tags, summary: 'Alle Registereinträge mit Status, Klasse und offenen Pflichten' } }, async (req) => {
    const { municipalityId } = governanceActor(req);
    const [states, world, rows] = await Promise.all([store.states(municipalityId), store.world(municipalityId), store.entries(municipalityId)]);
    return {
      items: states.map((s) => {
        const obligations = obligationStatuses(s, world);
        return {
          id: s.entry.id,
          name: s.entry.name,
          kind: s.entry.kind,
          status: s.entry.status,
          version: s.entry.version,
          department: s.entry.department,
          features: s.entry.links.features,
          owners: rows.find((r) => r.entry.id === s.entry.id)?.owners ?? [],
          riskClass: s.classification?.riskClass ?? null,
          riskClassLabel: s.classification?.riskClassLabel ?? null,
          classificationCurrent: obligations !== undefined,
          blocks: s.classification?.blocks.map((b) => b.id) ?? [],
          openObligations: obligations?.filter((o) => o.blocking).map((o) => o.id) ?? null,
        };
      }),
    };
  });

  app.post(
    '/api/governance/register',
    {
      config: { answers: [201], access: ['admin'] },
      schema: {
        tags,
        summary: 'Registereintrag anlegen (Entwurf)',
        body: { type: 'object', required: ['id', 'kind', 'content'], additionalProperties: false, properties: { id: ENTRY_PARAMS.properties.entryId, kind: { type: 'string', enum: ['product', 'external'] }, content: CONTENT } },
      },
    },
    async (req, reply) => {
      const { municipalityId, actor } = governanceActor(req);
      const b = req.body as { id: string; kind: 'product' | 'external'; content: RegisterEntryContent };
      return reply.status(201).send(await underContent(() => store.createEntry(municipalityId, actor, b), ['$.id']));
    },
  );

  app.post(
    '/api/governance/register/product-systems',
    {
      config: { answers: [201], access: ['admin'] },
      schema: {
        tags,
        summary: 'Die Systeme des Produkts (Regelwerke, Vollautomatisierung je Regelwerk, Entwurfsassistent, Chatbot, Fairness-Monitoring) als Entwürfe anlegen und vorläufig klassifizieren',
        body: {
          type: 'object',
          required: ['organization', 'area', 'contactEmail', 'benefitsDepartment', 'youthDepartment', 'serviceDepartment', 'reviewDue'],
          additionalProperties: false,
          properties: {
            organization: { type: 'string', minLength: 1, maxLength: 100 },
            area: { type: 'string', minLength: 1, maxLength: 200 },
            contactEmail: { type: 'string', format: 'email' },
            contactPhone: { type: 'string', maxLength: 50 },
            publicUrl: { type: 'string', maxLength: 500 },
            sourceCodeUrl: { type: 'string', maxLength: 500 },
            benefitsDepartment: { type: 'string', minLength: 1, maxLength: 200 },
            youthDepartment: { type: 'string', minLength: 1, maxLength: 200 },
            serviceDepartment: { type: 'string', minLength: 1, maxLength: 200 },
            reviewDue: DATE,
            languageModel: { type: 'object', required: ['provider', 'model'], additionalProperties: false, properties: { provider: { type: 'string', maxLength: 200 }, model: { type: 'string', maxLength: 200 }, version: { type: 'string', maxLength: 100 } } },
          },
        },
      },
    },
    async (req, reply) => {
      const { municipalityId, actor } = governanceActor(req);
      const existing = new Set((await store.entries(municipalityId)).map((r) => r.entry.id));
      const created: string[] = [];
      for (const s of productSystems(req.body as MunicipalityProfile, await packsOf(opts.ctx))) {
        if (existing.has(s.id)) continue;
        await store.createEntry(municipalityId, actor, { id: s.id, kind: s.kind, content: s.content });
        await store.classify(municipalityId, actor, s.id, { answers: s.answers, reasoning: s.reasoning });
        created.push(s.id);
      }
      return reply.status(201).send({ created, skipped: [...existing].filter((id) => !created.includes(id)) });
    },
  );

  app.get('/api/governance/register/:entryId', { config: { access: [...STAFF] }, schema: { tags, summary: 'Registereintrag mit Klassifizierung, Pflichten, Unterlagen, Aktivierungsprüfung und Verlauf', params: ENTRY_PARAMS } }, async (req) => {
    const { municipalityId } = governanceActor(req);
    return store.detail(municipalityId, (req.params as { entryId: string }).entryId);
  });

  app.patch(
    '/api/governance/register/:entryId',
    { config: { access: [...EDITORS] }, schema: { tags, summary: 'Inhalt ändern (wesentliche Änderungen nur im Entwurf)', params: ENTRY_PARAMS, body: { type: 'object', required: ['version', 'content'], additionalProperties: false, properties: { version: VERSION, content: CONTENT } } } },
    async (req) => {
      const { municipalityId, actor } = governanceActor(req);
      const b = req.body as { version: number; content: Partial<RegisterEntryContent> & { automation?: unknown } };
      const patch = { ...b.content } as Partial<RegisterEntryContent>;
      if ((b.content as { automation?: unknown }).automation === null) patch.automation = undefined;
      return underContent(() => store.updateEntry(municipalityId, actor, (req.params as { entryId: string }).entryId, b.version, patch), ['$.version']);
    },
  );

  app.put(
    '/api/governance/register/:entryId/owners',
    { config: { access: ['admin'] }, schema: { tags, summary: 'Verantwortliche (Benutzerkonten) festlegen', params: ENTRY_PARAMS, body: { type: 'object', required: ['owners'], additionalProperties: false, properties: { owners: { type: 'array', maxItems: 20, items: { type: 'string', format: 'uuid' } } } } } },
    async (req) => {
      const { municipalityId, actor } = governanceActor(req);
      const staff = new Set((await listUsers(store.db, municipalityId)).filter((u) => u.active).map((u) => u.id));
      return { owners: await store.setOwners(municipalityId, actor, (req.params as { entryId: string }).entryId, (req.body as { owners: string[] }).owners, staff) };
    },
  );

  app.post(
    '/api/governance/register/:entryId/classification',
    {
      config: { answers: [201], access: [...EDITORS] },
      schema: {
        tags,
        summary: 'Klassifizieren: Antworten auf die Fragen (GET /api/governance/rules), Begründungen, Rechtsfassung',
        params: ENTRY_PARAMS,
        body: { type: 'object', required: ['answers'], additionalProperties: false, properties: { answers: ANSWERS, reasoning: { type: 'object', additionalProperties: TEXT }, legalVersion: { type: 'string', maxLength: 100 } } },
      },
    },
    async (req, reply) => {
      const { municipalityId, actor } = governanceActor(req);
      const b = req.body as { answers: Record<string, string | string[]>; reasoning?: Record<string, string>; legalVersion?: string };
      return reply.status(201).send(await store.classify(municipalityId, actor, (req.params as { entryId: string }).entryId, b));
    },
  );

  app.post(
    '/api/governance/register/:entryId/obligations',
    {
      config: { answers: [201], access: [...EDITORS] },
      schema: {
        tags,
        summary: 'Erfüllung einer Pflicht ohne automatische Prüfung festhalten (mit Nachweisen)',
        params: ENTRY_PARAMS,
        body: {
          type: 'object',
          required: ['obligationId', 'status', 'evidence'],
          additionalProperties: false,
          properties: {
            obligationId: { type: 'string', maxLength: 50 },
            status: { type: 'string', enum: ['open', 'met', 'not_applicable'] },
            evidence: { type: 'array', maxItems: 20, items: { type: 'object', required: ['title', 'ref'], additionalProperties: false, properties: { title: { type: 'string', maxLength: 300 }, ref: { type: 'string', maxLength: 1000 } } } },
            note: TEXT,
          },
        },
      },
    },
    async (req, reply) => {
      const { municipalityId, actor } = governanceActor(req);
      const b = req.body as { obligationId: string; status: 'open' | 'met' | 'not_applicable'; evidence: { title: string; ref: string }[]; note?: string };
      return reply.status(201).send(await store.recordObligation(municipalityId, actor, (req.params as { entryId: string }).entryId, b));
    },
  );

  app.patch(
    '/api/governance/register/:entryId/bundle',
    {
      config: { access: [...EDITORS] },
      schema: {
        tags,
        summary: 'Betreiberunterlagen ändern: FRIA, DSFA, Betriebsanleitung, Überwachung, Hinweis an Betroffene, EU-Datenbank (null entfernt einen Teil)',
        params: ENTRY_PARAMS,
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version: VERSION,
            fria: { type: ['object', 'null'] },
            dpia: { type: ['object', 'null'], required: ['title', 'ref', 'completedAt', 'summary'], properties: { title: { type: 'string' }, ref: { type: 'string' }, completedAt: DATE, summary: TEXT } },
            providerInstructions: { type: ['object', 'null'], required: ['title', 'ref'], additionalProperties: false, properties: { title: { type: 'string' }, ref: { type: 'string' } } },
            monitoring: { type: ['object', 'null'], required: ['plan', 'providerContact', 'authorityContact'], additionalProperties: false, properties: { plan: TEXT, providerContact: { type: 'string' }, authorityContact: { type: 'string' } } },
            affectedPersonsNotice: { type: ['object', 'null'], required: ['text', 'channels', 'since'], additionalProperties: false, properties: { text: TEXT, channels: { type: 'array', items: { type: 'string' } }, since: DATE } },
            euDatabase: { type: ['object', 'null'], required: ['providerEntryUrl'], additionalProperties: false, properties: { providerEntryUrl: { type: 'string', maxLength: 1000 }, registeredAt: DATE, registrationReference: { type: 'string', maxLength: 200 } } },
          },
        },
      },
    },
    async (req) => {
      const { municipalityId, actor } = governanceActor(req);
      const { version, ...patch } = req.body as { version: number } & Record<string, unknown>;
      return store.saveBundle(municipalityId, actor, (req.params as { entryId: string }).entryId, version, patch);
    },
  );

  app.post(
    '/api/governance/register/:entryId/incidents',
    {
      config: { answers: [201], access: [...EDITORS] },
      schema: {
        tags,
        summary: 'Vorfall festhalten oder erledigen (Art. 26 Abs. 5, Art. 73 KI-VO)',
        params: ENTRY_PARAMS,
        body: {
          type: 'object',
          required: ['id', 'occurredAt', 'description', 'serious', 'reportedTo', 'suspendsUse', 'status'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,50}$' },
            occurredAt: DATE,
            description: TEXT,
            serious: { type: 'boolean' },
            reportedTo: { type: 'array', items: { type: 'string', enum: ['provider', 'market-surveillance', 'data-protection', 'other'] } },
            suspendsUse: { type: 'boolean' },
            status: { type: 'string', enum: ['open', 'resolved'] },
            resolvedAt: DATE,
            resolution: TEXT,
          },
        },
      },
    },
    async (req, reply) => {
      const { municipalityId, actor } = governanceActor(req);
      return reply.status(201).send(await store.recordIncident(municipalityId, actor, (req.params as { entryId: string }).entryId, req.body as never));
    },
  );

  app.post(
    '/api/governance/register/:entryId/transition',
    {
      config: { access: [...EDITORS] },
      schema: {
        tags,
        summary: 'Status wechseln: Entwurf → Beteiligung → freigegeben → aktiv → außer Betrieb (Aktivierung nur bei erfüllten Pflichten)',
        params: ENTRY_PARAMS,
        body: { type: 'object', required: ['version', 'to'], additionalProperties: false, properties: { version: VERSION, to: { type: 'string', enum: [...REGISTER_STATUSES] }, reason: { type: 'string', maxLength: 5000 } } },
      },
    },
    async (req) => {
      const { municipalityId, actor } = governanceActor(req);
      const b = req.body as { version: number; to: RegisterStatus; reason?: string };
      return store.transition(municipalityId, actor, (req.params as { entryId: string }).entryId, b.version, b.to, b.reason);
    },
  );

  app.get('/api/governance/register/:entryId/activation', { config: { access: [...STAFF] }, schema: { tags, summary: 'Kann der Eintrag aktiviert werden? Alle Gründe auf Deutsch', params: ENTRY_PARAMS } }, async (req) => {
    const { municipalityId } = governanceActor(req);
    return store.activation(municipalityId, (req.params as { entryId: string }).entryId);
  });

  app.post(
    '/api/governance/register/:entryId/staff-council',
    {
      config: { answers: [201], access: ['admin'] },
      schema: {
        tags,
        summary: 'Beschluss der Personalvertretung festhalten (liest die Aktivierungsprüfung)',
        params: ENTRY_PARAMS,
        body: {
          type: 'object',
          required: ['informedAt', 'vote', 'conditions'],
          additionalProperties: false,
          properties: {
            informedAt: DATE,
            vote: { type: 'string', enum: ['pending', 'approved', 'approved-with-conditions', 'rejected'] },
            votedAt: DATE,
            conditions: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 2000 } },
            serviceAgreementRef: { type: 'string', maxLength: 300 },
          },
        },
      },
    },
    async (req, reply) => {
      const { municipalityId, actor } = governanceActor(req);
      return reply.status(201).send(await store.recordStaffCouncilVote(municipalityId, actor, { ...(req.body as Omit<StaffCouncilRecord, 'systemId' | 'recordedBy' | 'recordedAt'>), systemId: (req.params as { entryId: string }).entryId }));
    },
  );

  app.put(
    '/api/governance/register/:entryId/consultation',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Öffentliche Beteiligung festhalten (Beginn, Frist, Abschluss, veröffentlichte Antwort)',
        params: ENTRY_PARAMS,
        body: {
          type: 'object',
          required: ['openedAt', 'closesAt'],
          additionalProperties: false,
          properties: { openedAt: DATE, closesAt: DATE, closedAt: DATE, responsePublishedAt: DATE, url: { type: 'string', maxLength: 500 } },
        },
      },
    },
    async (req) => {
      const { municipalityId, actor } = governanceActor(req);
      return store.recordConsultation(municipalityId, actor, { ...(req.body as Omit<ConsultationRecord, 'systemId'>), systemId: (req.params as { entryId: string }).entryId });
    },
  );

  app.get(
    '/api/governance/register/:entryId/export/:standard',
    {
      config: { access: [...STAFF] },
      schema: {
        tags,
        summary: 'Export nach Register-Standard, geprüft gegen dessen Feldliste (NL Algoritmeregister 1.0.0, Eurocities 0.3.1, UK ATRS 3.0)',
        params: { type: 'object', required: ['entryId', 'standard'], additionalProperties: false, properties: { ...ENTRY_PARAMS.properties, standard: { type: 'string', enum: [...STANDARDS] } } },
      },
    },
    async (req) => {
      const { municipalityId } = governanceActor(req);
      const p = req.params as { entryId: string; standard: PublicStandard };
      return exportEntry(store, municipalityId, p.entryId, p.standard);
    },
  );

  app.get(
    '/api/governance/register/:entryId/eu-database',
    {
      config: { access: [...OVERSIGHT] },
      schema: {
        tags,
        summary: 'Angaben für die EU-Datenbank nach Anhang VIII Abschnitt C (nur Hochrisiko nach Anhang III außer Nr. 2)',
        params: ENTRY_PARAMS,
        querystring: {
          type: 'object',
          required: ['deployerAddress', 'submitterName', 'submitterEmail'],
          additionalProperties: false,
          properties: { deployerAddress: { type: 'string', maxLength: 500 }, submitterName: { type: 'string', maxLength: 200 }, submitterEmail: { type: 'string', format: 'email' }, submitterAddress: { type: 'string', maxLength: 500 } },
        },
      },
    },
    async (req) => {
      const { municipalityId } = governanceActor(req);
      const q = req.query as { deployerAddress: string; submitterName: string; submitterEmail: string; submitterAddress?: string };
      const input = await exportInput(store, municipalityId, (req.params as { entryId: string }).entryId);
      return exportEuDatabase({
        ...input,
        deployer: { name: input.entry.organization, address: q.deployerAddress, email: input.entry.contact.email, ...(input.entry.contact.phone ? { phone: input.entry.contact.phone } : {}) },
        submitter: { name: q.submitterName, address: q.submitterAddress ?? q.deployerAddress, email: q.submitterEmail },
      });
    },
  );

  app.get(
    '/api/governance/events',
    { config: { access: [...OVERSIGHT] }, schema: { tags, summary: 'Prüfpfad aller Änderungen am Register (mit Hash im Protokoll)', querystring: { type: 'object', additionalProperties: false, properties: { entryId: ENTRY_PARAMS.properties.entryId } } } },
    async (req) => {
      const { municipalityId } = governanceActor(req);
      return { items: await store.events(municipalityId, (req.query as { entryId?: string }).entryId) };
    },
  );

  app.get('/api/governance/settings', { config: { access: [...STAFF] }, schema: { tags, summary: 'Governance-Einstellungen (Rechtsfassung, Vorgriff auf Pflichten, Aufbewahrung der KI-Protokolle)' } }, async (req) =>
    store.settings(governanceActor(req).municipalityId),
  );

  app.put(
    '/api/governance/settings',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Governance-Einstellungen ändern (Aufbewahrung mindestens 6 Monate, Art. 26 Abs. 6 KI-VO)',
        body: { type: 'object', required: ['legalVersion', 'anticipateObligations', 'aiLogRetentionMonths'], additionalProperties: false, properties: { legalVersion: { type: 'string', maxLength: 100 }, anticipateObligations: { type: 'boolean' }, aiLogRetentionMonths: { type: 'integer' } } },
      },
    },
    async (req) => {
      const { municipalityId, actor } = governanceActor(req);
      return store.putSettings(municipalityId, actor, req.body);
    },
  );

  app.get('/api/governance/features', { config: { access: [...STAFF] }, schema: { tags, summary: 'Schalter und aktuelle Entscheidung der KI-Funktionen (Entwürfe, Chatbot, vollautomatisierte Bescheide je Regelwerk)' } }, async (req) => {
    const { municipalityId } = governanceActor(req);
    const switches = await store.switches(municipalityId);
    const requests: { feature: FeatureKey; packId?: string }[] = [{ feature: 'drafting' }, { feature: 'chatbot' }, ...(await packsOf(opts.ctx)).map((p) => ({ feature: 'automated-decisions' as const, packId: p.id }))];
    const items = [];
    for (const r of requests) {
      const latest = switches.filter((s) => s.feature === r.feature && (s.packId ?? '') === (r.packId ?? '')).at(-1) ?? null;
      items.push({ ...r, switch: latest, gate: await store.gate(municipalityId, r) });
    }
    return { items };
  });

  app.put(
    '/api/governance/features',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: 'KI-Funktion ein- oder ausschalten (Einschalten nur bei offener Schranke)', body: { type: 'object', required: ['feature', 'enabled'], additionalProperties: false, properties: { feature: FEATURE, packId: PACK_ID, enabled: { type: 'boolean' } } } },
    },
    async (req) => {
      const { municipalityId, actor } = governanceActor(req);
      const b = req.body as { feature: FeatureKey; packId?: string; enabled: boolean };
      if (b.feature === 'automated-decisions' && !b.packId) throw new AmtsklarError('invalid_input', 'Für automatisierte Entscheidungen das Regelwerk angeben.', [{ path: '$.packId', message: 'Pflichtfeld fehlt.' }]);
      return store.switchFeature(municipalityId, actor, b);
    },
  );

  app.get(
    '/api/governance/gates/:feature',
    {
      config: { access: [...STAFF] },
      schema: { tags, summary: 'Darf die Funktion jetzt laufen? (dieselbe Prüfung wie bei jeder Verwendung)', params: { type: 'object', required: ['feature'], additionalProperties: false, properties: { feature: FEATURE } }, querystring: { type: 'object', additionalProperties: false, properties: { packId: PACK_ID } } },
    },
    async (req) => {
      const { municipalityId } = governanceActor(req);
      const { packId } = req.query as { packId?: string };
      return store.gate(municipalityId, { feature: (req.params as { feature: FeatureKey }).feature, ...(packId ? { packId } : {}) });
    },
  );
}

async function packsOf(ctx: ServerContext) {
  return governanceStore(ctx).installedPacks();
}
