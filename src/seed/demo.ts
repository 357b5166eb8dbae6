import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { contentHash, sha256Hex } from '../common/index.ts';
import {
  addDays,
  addOneMonth,
  checkedData,
  isoDate,
  mergeSettings,
  plainDrafter,
  type Approval,
  type CaseRecord,
  type CaseState,
  type Draft,
  type HumanDecision,
  type Override,
  type PersonalData,
  type RuleEngine,
  type TracedDecision,
} from '../cases/index.ts';
import { caseKeys, FIELD, sealBytes, type CaseKeys, type Db, type Sql } from '../store/index.ts';
import { Random } from './random.ts';
import { KITA_GENERATOR, WOHNGELD_GENERATOR, type ApplicationGenerator } from './applications.ts';

/**
 * Synthetic but realistic demo cases for Musterstadt, in every state of the workflow, with
 * consistent histories, letters and approvals. Rows are built in memory and written with a
 * few multi-row INSERTs in one transaction, so seeding is quick on both stores.
 */
export interface DemoStaff {
  caseworker: { id: string; name: string };
  caseworker2: { id: string; name: string };
  lead: { id: string; name: string };
}

export const WOHNGELD_PLAN: Partial<Record<CaseState, number>> = {
  received: 5,
  checked: 40,
  documents_requested: 25,
  reminded: 10,
  complete: 3,
  draft_prepared: 30,
  under_review: 20,
  approved: 10,
  issued: 25,
  objection_filed: 8,
  abhilfe_review: 2,
  objection_upheld: 5,
  decision_changed: 4,
  closed: 15,
};

export const KITA_PLAN: Partial<Record<CaseState, number>> = {
  received: 2,
  checked: 10,
  documents_requested: 5,
  reminded: 2,
  complete: 1,
  draft_prepared: 6,
  under_review: 5,
  approved: 3,
  issued: 8,
  objection_filed: 3,
  abhilfe_review: 1,
  objection_upheld: 2,
  decision_changed: 1,
  closed: 2,
};

interface Built {
  c: CaseRecord;
  personal: PersonalData;
  events: { type: string; from: CaseState | null; to: CaseState | null; actor: { kind: string; id: string; name: string }; reason: string | null; data: object; at: string }[];
  drafts: Draft[];
  objection: { id: string; reason: string; filedAt: string; result: string | null; assessedBy: string | null; assessment: string | null; decidedAt: string | null } | null;
  documents: { id: string; checklistId: string; filename: string; content: Buffer }[];
}

const NEEDS_DECIDED = new Set<CaseState>(['draft_prepared', 'under_review', 'approved', 'issued', 'objection_filed', 'objection_upheld', 'decision_changed', 'closed']);
const NEEDS_MISSING = new Set<CaseState>(['documents_requested', 'reminded']);

export interface DemoCitizen {
  aktenzeichen: string;
  accessCode: string;
  state: CaseState;
  packId: string;
}

/**
 * Returns the demo citizen logins: one case per pack that has a letter to read (Nachforderung)
 * and one with an issued decision. Every other case gets an access code nobody knows.
 */
export async function seedDemoCases(
  db: Db,
  engine: RuleEngine,
  municipalityId: string,
  staff: Record<string, DemoStaff>,
  now = new Date(),
  seed = 20250101,
  keys: CaseKeys = caseKeys(),
): Promise<{ count: number; citizens: DemoCitizen[] }> {
  const rnd = new Random(seed);
  const settings = mergeSettings(null);
  const built: Built[] = [];
  const plans: [ApplicationGenerator, Partial<Record<CaseState, number>>][] = [
    [WOHNGELD_GENERATOR, WOHNGELD_PLAN],
    [KITA_GENERATOR, KITA_PLAN],
  ];
  let serial = 0;
  for (const [gen, plan] of plans) {
    const team = staff[gen.packId];
    if (!team) continue;
    let release: string;
    try {
      release = engine.pack(gen.packId).release;
    } catch {
      continue; // pack not installed
    }
    for (const [state, count] of Object.entries(plan) as [CaseState, number][]) {
      for (let k = 0; k < count; k++) {
        serial++;
        const b = buildCase(engine, gen, rnd, { municipalityId, release, state, serial, team, now, settings });
        b.c.version = b.events.length;
        b.c.updatedAt = b.events[b.events.length - 1]!.at;
        built.push(b);
      }
    }
  }
  const codes = new Map<string, string>();
  const citizens: DemoCitizen[] = [];
  for (const packId of new Set(built.map((b) => b.c.packId))) {
    for (const state of ['documents_requested', 'issued'] as const) {
      const b = built.find((x) => x.c.packId === packId && x.c.state === state);
      if (!b) continue;
      const accessCode = newDemoCode();
      codes.set(b.c.id, accessCode);
      citizens.push({ aktenzeichen: b.c.aktenzeichen, accessCode, state, packId });
    }
  }
  // Personal data only as ciphertext under each case's own key, as the workflow writes it.
  const sealed = built.map((b) => {
    const key = keys.create(municipalityId, b.c.id);
    try {
      const o = b.objection;
      return {
        key: { wrapped: key.wrapped, masterKeyId: key.masterKeyId },
        applicant: key.cipher.encrypt(FIELD.applicant, JSON.stringify(b.personal.applicant)),
        application: key.cipher.encrypt(FIELD.application, JSON.stringify(b.personal.application)),
        objection: o ? { reason: key.cipher.encrypt(FIELD.objectionReason(o.id), o.reason), assessment: o.assessment === null ? null : key.cipher.encrypt(FIELD.objectionAssessment(o.id), o.assessment) } : null,
        documents: b.documents.map((d) => ({ filename: key.cipher.encrypt(FIELD.documentName(d.id), d.filename), content: sealBytes(key.cipher, FIELD.documentContent(d.id), d.content) })),
      };
    } finally {
      key.cipher.close();
    }
  });
  await db.transaction(async (tx) => {
    await insertMany(tx, 'citizens', ['id', 'municipality_id', 'created_at'], built.map((b) => [b.c.citizenId, municipalityId, b.c.createdAt]));
    await insertMany(
      tx,
      'cases',
      ['id', 'municipality_id', 'aktenzeichen', 'pack_id', 'pack_release', 'state', 'version', 'team_id', 'assigned_to', 'citizen_id', 'access_code_hash', 'decision', 'outcome', 'result_hash', 'discretion', 'overrides', 'approvals', 'abhilfe', 'documents_due', 'reminded_at', 'issued_at', 'issued_by', 'objection_due', 'closed_at', 'created_at', 'updated_at'],
      built.map(({ c }) => [
        c.id, c.municipalityId, c.aktenzeichen, c.packId, c.packRelease, c.state, c.version, c.teamId, c.assignedTo, c.citizenId,
        sha256Hex(codes.get(c.id) ?? randomUUID()), JSON.stringify(c.decision), c.decision?.outcome ?? null, c.decision?.receipt.resultHash ?? null,
        JSON.stringify(c.discretion), JSON.stringify(c.overrides), JSON.stringify(c.approvals), c.abhilfe === null ? null : JSON.stringify(c.abhilfe), c.documentsDue, c.remindedAt, c.issuedAt, c.issuedBy,
        c.objectionDue, c.closedAt, c.createdAt, c.updatedAt,
      ]),
    );
    await insertMany(tx, 'case_keys', ['case_id', 'municipality_id', 'wrapped', 'master_key_id'], built.map((b, i) => [b.c.id, municipalityId, sealed[i]!.key.wrapped, sealed[i]!.key.masterKeyId]));
    await insertMany(tx, 'case_personal', ['case_id', 'municipality_id', 'applicant', 'application'], built.map((b, i) => [b.c.id, municipalityId, sealed[i]!.applicant, sealed[i]!.application]));
    await insertMany(
      tx,
      'case_events',
      ['case_id', 'municipality_id', 'type', 'from_state', 'to_state', 'actor_kind', 'actor_id', 'actor_name', 'reason', 'data', 'at'],
      built.flatMap((b) => b.events.map((e) => [b.c.id, municipalityId, e.type, e.from, e.to, e.actor.kind, e.actor.id, e.actor.name, e.reason, JSON.stringify(e.data), e.at])),
    );
    await insertMany(
      tx,
      'drafts',
      ['id', 'case_id', 'municipality_id', 'kind', 'text', 'text_hash', 'result_hash', 'created_by', 'created_at'],
      built.flatMap((b) => b.drafts.map((d) => [d.id, d.caseId, municipalityId, d.kind, d.text, d.textHash, d.resultHash, d.createdBy, d.createdAt])),
    );
    await insertMany(
      tx,
      'objections',
      ['id', 'case_id', 'municipality_id', 'reason', 'filed_at', 'result', 'assessed_by', 'assessment', 'decided_at'],
      built.flatMap((b, i) => {
        const o = b.objection;
        const s = sealed[i]!.objection;
        return o && s ? [[o.id, b.c.id, municipalityId, s.reason, o.filedAt, o.result, o.assessedBy, s.assessment, o.decidedAt]] : [];
      }),
    );
    await insertMany(
      tx,
      'documents',
      ['id', 'case_id', 'municipality_id', 'checklist_id', 'filename', 'content_type', 'size', 'sha256', 'content', 'uploaded_by_kind', 'created_at'],
      built.flatMap((b, i) => b.documents.map((d, k) => [d.id, b.c.id, municipalityId, d.checklistId, sealed[i]!.documents[k]!.filename, 'application/pdf', d.content.length, createHash('sha256').update(d.content).digest('hex'), sealed[i]!.documents[k]!.content, 'citizen', b.c.createdAt])),
    );
  });
  return { count: built.length, citizens };
}

function newDemoCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

async function insertMany(tx: Sql, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const chunk = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const params: unknown[] = [];
    const values = part.map((r) => `(${r.map((v) => { params.push(v); return `$${params.length}`; }).join(',')})`);
    await tx.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values.join(',')}`, params);
  }
}

interface Ctx {
  municipalityId: string;
  release: string;
  state: CaseState;
  serial: number;
  team: DemoStaff;
  now: Date;
  settings: ReturnType<typeof mergeSettings>;
}

const PATH: CaseState[] = ['received', 'checked', 'draft_prepared', 'under_review', 'approved', 'issued'];

function buildCase(engine: RuleEngine, gen: ApplicationGenerator, rnd: Random, x: Ctx): Built {
  const { state, team } = x;
  const ageDays = state === 'closed' ? 120 + rnd.int(0, 200) : state === 'received' ? 0 : 5 + rnd.int(0, 60);
  let t = new Date(x.now.getTime() - ageDays * 86_400_000 - rnd.int(0, 8) * 3_600_000);
  const tick = (hours: number) => {
    t = new Date(Math.min(x.now.getTime() - 60_000, t.getTime() + hours * 3_600_000));
    return t.toISOString();
  };
  const year = t.getUTCFullYear();
  const aktenzeichen = `${gen.prefix}-${year}-9${String(x.serial).padStart(5, '0')}`;
  const wantMissing = NEEDS_MISSING.has(state) || (state === 'checked' && rnd.chance(0.6)) || state === 'complete';
  const wantDiscretion = gen.hasDiscretion && (state === 'checked' ? !wantMissing : rnd.chance(0.35));
  const { applicant, application, complete } = gen.generate(rnd, { missing: wantMissing && !NEEDS_DECIDED.has(state), discretion: wantDiscretion, stichtag: isoDate(t).slice(0, 8) + '01' });
  const system = { kind: 'system', id: 'system', name: 'Regelwerk' };
  const citizen = { kind: 'citizen', id: '', name: 'Antragsteller/in' };
  const cw = { kind: 'user', id: team.caseworker.id, name: team.caseworker.name };
  const cw2 = { kind: 'user', id: team.caseworker2.id, name: team.caseworker2.name };
  const lead = { kind: 'user', id: team.lead.id, name: team.lead.name };
  const citizenId = randomUUID();
  citizen.id = citizenId;
  const id = randomUUID();
  const events: Built['events'] = [];
  const ev = (type: string, from: CaseState | null, to: CaseState | null, actor: typeof system, reason: string | null = null, data: object = {}) =>
    events.push({ type, from, to, actor, reason, data, at: tick(rnd.int(1, 30)) });
  const createdAt = t.toISOString();
  let application1 = application;
  let discretion: Record<string, HumanDecision> = {};
  let overrides: Record<string, Override> = {};
  const decideNow = () => engine.decide(gen.packId, x.release, application1, { discretion, overrides, trace: true });
  ev('received', null, 'received', citizen, null, { packId: gen.packId, release: x.release, inputHash: contentHash(application) });
  const c: CaseRecord = {
    id, municipalityId: x.municipalityId, aktenzeichen, packId: gen.packId, packRelease: x.release, state: 'received', version: 1, teamId: gen.packId,
    assignedTo: state === 'received' ? null : team.caseworker.id, citizenId, decision: null, discretion: {}, overrides: {}, approvals: [], abhilfe: null, documentsDue: null,
    remindedAt: null, issuedAt: null, issuedBy: null, objectionDue: null, closedAt: null, anonymisedAt: null, createdAt, updatedAt: createdAt,
  };
  const drafts: Built['drafts'] = [];
  const documents: Built['documents'] = [];
  const personal = (): PersonalData => ({ applicant, application: application1 });
  const draft = (kind: Draft['kind'], extra: Partial<Parameters<typeof plainDrafter.draft>[1]> = {}) => {
    const text = plainDrafter.draft(kind, { case: c, decision: c.decision as TracedDecision, personal: personal(), settings: x.settings, ...extra });
    drafts.push({ id: randomUUID(), caseId: id, kind, text, textHash: `sha256:${sha256Hex(text)}`, resultHash: c.decision!.receipt.resultHash, createdBy: 'system', createdAt: t.toISOString() });
  };
  const check = (from: CaseState | null) => {
    c.decision = decideNow();
    c.state = 'checked';
    ev('checked', from, 'checked', system, null, checkedData(c.decision));
  };
  const checklist = () => engine.checklist(gen.packId, x.release, application1);
  const uploadAll = () => {
    for (const item of checklist()) {
      if (documents.some((d) => d.checklistId === item.id)) continue;
      documents.push({ id: randomUUID(), checklistId: item.id, filename: `${item.id}.pdf`, content: Buffer.from(`%PDF-1.4\n% Demo-Nachweis ${item.label}\n%%EOF\n`) });
      ev('document_added', c.state, c.state, citizen, null, { checklistId: item.id });
    }
  };

  if (state === 'received') return finish();
  check('received');
  if (wantMissing) {
    if (state === 'checked') return finish();
    const due = addDays(isoDate(t), 14);
    c.state = 'documents_requested';
    c.documentsDue = due;
    ev('request_documents', 'checked', 'documents_requested', cw, null, { deadline: due });
    draft('nachforderung', { missing: missingList(), deadline: due });
    if (state === 'documents_requested') {
      c.documentsDue = addDays(isoDate(x.now), rnd.int(-3, 13));
      return finish();
    }
    if (state === 'reminded') {
      const due2 = addDays(isoDate(x.now), rnd.int(1, 13));
      c.state = 'reminded';
      c.documentsDue = due2;
      c.remindedAt = tick(24 * 14);
      ev('remind', 'documents_requested', 'reminded', { kind: 'system', id: 'system', name: 'Fristenkontrolle' }, null, { deadline: due2 });
      draft('erinnerung', { missing: missingList(), deadline: due2 });
      return finish();
    }
    application1 = complete;
    ev('application_updated', c.state, c.state, citizen, null, { inputHash: contentHash(complete) });
    uploadAll();
    c.state = 'complete';
    c.documentsDue = null;
    ev('complete', 'documents_requested', 'complete', citizen);
    if (state === 'complete') return finish();
    check('complete');
  } else if (state !== 'checked') {
    // A checked case without its evidence is one whose Nachforderung is due.
    uploadAll();
  }
  if (c.decision!.outcome === 'needs_human') {
    if (state === 'checked') return finish();
    for (const p of c.decision!.discretion) {
      const option = p.options?.[rnd.int(0, (p.options?.length ?? 1) - 1)]?.id ?? 'ja';
      discretion = { ...discretion, [p.point]: { option, by: cw.name, reason: gen.discretionReason(option), at: tick(2) } };
      ev('discretion_decided', 'checked', 'checked', cw, discretion[p.point]!.reason, { point: p.point, option });
    }
    c.discretion = discretion;
    check('checked');
  }
  if (state === 'checked') return finish();
  for (let i = PATH.indexOf('checked') + 1; i < PATH.length; i++) {
    const to = PATH[i]!;
    const from = c.state;
    if (to === 'draft_prepared') {
      c.state = to;
      ev('prepare_draft', from, to, { kind: 'system', id: 'system', name: 'Entwurfsdienst' }, null, { resultHash: c.decision!.receipt.resultHash });
      draft('bescheid');
    } else if (to === 'under_review') {
      c.state = to;
      ev('submit_review', from, to, cw);
    } else if (to === 'approved') {
      const approvers = c.decision!.reasons.length > 0 ? [cw, cw2] : [cw];
      c.approvals = approvers.map((a): Approval => ({ by: a.id, name: a.name, at: tick(3), resultHash: c.decision!.receipt.resultHash }));
      if (approvers.length > 1) ev('approval_recorded', from, from, cw, null, { approvals: 1, needed: 2 });
      c.state = to;
      ev('approve', from, to, approvers[approvers.length - 1]!, null, { approvals: approvers.length, needed: approvers.length });
    } else if (to === 'issued') {
      c.state = to;
      c.issuedAt = tick(4);
      c.issuedBy = cw.id;
      c.objectionDue = addOneMonth(c.issuedAt.slice(0, 10));
      ev('issue', from, to, cw, null, { approvers: c.approvals.map((a) => a.name) });
    }
    if (c.state === state) return finish();
  }
  // issued and beyond
  if (state === 'closed' && rnd.chance(0.5)) return close();
  const objection = { id: randomUUID(), reason: gen.objectionReason(rnd), filedAt: tick(24 * rnd.int(3, 20)), result: null as string | null, assessedBy: null as string | null, assessment: null as string | null, decidedAt: null as string | null };
  c.state = 'objection_filed';
  ev('file_objection', 'issued', 'objection_filed', citizen, null, { objectionId: objection.id });
  const result = () => ({ c, personal: personal(), events, drafts, objection, documents });
  if (state === 'objection_filed') return result();
  objection.assessedBy = lead.id;
  objection.decidedAt = tick(24 * 5);
  if (state === 'objection_upheld' || (state === 'closed' && rnd.chance(0.5))) {
    objection.result = 'upheld';
    objection.assessment = 'Die Berechnung entspricht der Rechtslage; die vorgebrachten Umstände ändern das Ergebnis nicht.';
    c.state = 'objection_upheld';
    ev('reassess_upheld', 'objection_filed', 'objection_upheld', lead, objection.assessment, { objectionId: objection.id });
  } else {
    // As the case service does under the default four-eyes setting: an Abhilfe with an override is
    // proposed by the team lead and applied when a second person approves it.
    const [name, value] = gen.changedValue(c.decision!);
    const prior = c.decision!;
    const proposed = { [name]: { value, by: lead.name, reason: 'Nachgewiesene höhere Belastung laut Widerspruchsbegründung.' } };
    overrides = proposed;
    const changed = decideNow();
    objection.assessment = 'Der Widerspruch ist begründet; der Bescheid wird geändert.';
    const proposedAt = tick(24 * 2);
    c.state = 'abhilfe_review';
    ev('propose_abhilfe', 'objection_filed', 'abhilfe_review', lead, objection.assessment, { objectionId: objection.id, resultHash: changed.receipt.resultHash, previousResultHash: prior.receipt.resultHash, needed: 2 });
    if (state === 'abhilfe_review') {
      overrides = c.overrides;
      objection.decidedAt = null;
      c.abhilfe = { objectionId: objection.id, discretion: c.discretion, overrides: proposed, proposedBy: lead.id, proposedByName: lead.name, proposedByRole: 'team_lead', at: proposedAt, resultHash: changed.receipt.resultHash, values: changed.values, needed: 2 };
      return result();
    }
    objection.decidedAt = tick(24 * 3);
    c.overrides = overrides;
    c.decision = changed;
    // As the case service does: the recomputed decision is an event of its own, so it reaches the ledger.
    ev('recomputed', 'abhilfe_review', 'abhilfe_review', cw2, null, checkedData(c.decision));
    objection.result = 'changed';
    c.state = 'decision_changed';
    c.approvals = [
      { by: lead.id, name: lead.name, at: proposedAt, resultHash: c.decision.receipt.resultHash },
      { by: cw2.id, name: cw2.name, at: objection.decidedAt, resultHash: c.decision.receipt.resultHash },
    ];
    c.issuedAt = objection.decidedAt;
    c.issuedBy = cw2.id;
    c.objectionDue = addOneMonth(objection.decidedAt.slice(0, 10));
    ev('approve_abhilfe', 'abhilfe_review', 'decision_changed', cw2, null, { objectionId: objection.id, previousResultHash: prior.receipt.resultHash, proposerRole: 'team_lead' });
    draft('abhilfebescheid', { objection: { ...objection, caseId: id, result: 'changed' } as never });
  }
  if (state === 'closed') return close(objection);
  return result();

  function missingList() {
    const have = new Set(documents.map((d) => d.checklistId));
    return [
      ...(c.decision?.missing ?? []).map((m) => ({ kind: 'input' as const, id: m.input, label: m.question, ...(m.norm ? { norm: m.norm } : {}) })),
      ...checklist().filter((i) => !have.has(i.id)).map((i) => ({ kind: 'document' as const, id: i.id, label: i.label, norm: i.norm })),
    ];
  }
  function close(o: Built['objection'] = null): Built {
    const from = c.state;
    c.state = 'closed';
    c.closedAt = x.now.toISOString() < (c.objectionDue ?? '') ? tick(1) : new Date(Date.parse(`${c.objectionDue}T12:00:00Z`) + 86_400_000).toISOString();
    ev('close', from, 'closed', { kind: 'system', id: 'system', name: 'Fristenkontrolle' });
    return { c, personal: personal(), events, drafts, objection: o, documents };
  }
  function finish(): Built {
    return { c, personal: personal(), events, drafts, objection: null, documents };
  }
}
