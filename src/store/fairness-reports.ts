import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AmtsklarError } from '../common/index.ts';
import {
  ColumnBuilder,
  DEFAULT_ALERT_THRESHOLDS,
  OUTCOME_SPECS,
  SURVEY_PACKING,
  alertFor,
  berlinDate,
  buildFairnessReportFromColumns,
  lastCompletedQuarter,
  parseQuarter,
  quarterEnded,
  reportStatus,
  signReport,
  type AlertThresholds,
  type DecisionColumns,
  type FairnessAlert,
  type FairnessStatus,
  type Quarter,
  type SignedFairnessReport,
} from '../fairness/index.ts';
import type { RegisterEntry } from '../governance/index.ts';
import type { Db, Sql } from './db.ts';
import type { FairnessRecordStore } from './fairness-records.ts';
import type { FairnessSurveyStore } from './fairness-survey.ts';
import type { GovernanceActor } from './governance-store.ts';
import type { PendingEntry } from './ledger-entries.ts';

/** The ledger's append (store/ledger.ts `Ledger`): the report's entry goes in with the report. */
export interface ReportLedger {
  append(items: readonly PendingEntry[], tx?: Sql): Promise<{ first: number; rejected: { covers: string | null; problem: string }[] }>;
}

/** What the reports need of the AI register (store/governance-store.ts `GovernanceStore`). */
export interface AlertRegister {
  entries(m: string): Promise<{ entry: RegisterEntry; owners: string[] }[]>;
  recordIncident(
    m: string,
    actor: GovernanceActor,
    id: string,
    incident: { id: string; occurredAt: string; description: string; serious: boolean; reportedTo: never[]; suspendsUse: boolean; status: 'open' },
  ): Promise<unknown>;
}

export interface StoredReport {
  reportId: string;
  systemId: string;
  period: { from: string; to: string };
  quarter: string;
  reportHash: string;
  status: FairnessStatus | null;
  ledgerIndex: number | null;
  generatedAt: string | null;
  createdAt: string;
}

export interface ProducedReport {
  signed: SignedFairnessReport;
  stored: StoredReport;
  /** False when the quarter had already been reported (reports are never made twice). */
  created: boolean;
  alert: FairnessAlert | null;
}

export interface StoredAlert {
  reportId: string;
  systemId: string;
  registerEntryId: string | null;
  incidentId: string | null;
  summary: { significant: number; fourFifths: number; screeningBand: number; period: { from: string; to: string }; findings: string[] };
  createdAt: string;
  /** The owners of the register entry when the alert was raised (user ids): whom it went to. */
  notified: string[];
  /** A task: open until an owner or an oversight role records that it was taken up. */
  status: 'open' | 'acknowledged';
  acknowledged: { by: string; role: string; at: string; note: string | null } | null;
}

/** Who reads alerts: the oversight roles all of them, everyone else those of entries they own or were sent. */
export interface AlertReader {
  id: string;
  role: string;
}

/** Roles that see and take up every alert of the municipality. */
const ALERT_OVERSIGHT = new Set(['admin', 'dpo', 'auditor']);

/** The system acting for the schedule: records incidents like an administrator (as the CLI does). */
const MONITOR: GovernanceActor = { kind: 'system', id: 'system', role: 'admin', name: 'Fairness-Monitoring' };

/**
 * Signed fairness reports in the running product: read the decision records joined with
 * the consented survey answers inside the database (numbers only leave it), build the
 * report for one system and one calendar quarter, sign it (Ed25519, key kept in the
 * fairness schema), store it and its ledger entry in one transaction, and raise an alert
 * on every register entry of the system when a threshold is crossed.
 */
export class FairnessReportStore {
  private readonly now: () => Date;
  private readonly thresholds: AlertThresholds;

  constructor(
    private readonly o: {
      db: Db;
      survey: FairnessSurveyStore;
      records: FairnessRecordStore;
      ledger: ReportLedger;
      register?: AlertRegister | null;
      now?: () => Date;
      thresholds?: AlertThresholds;
    },
  ) {
    this.now = o.now ?? (() => new Date());
    this.thresholds = o.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
  }

  // ——— keys ———

  /** The municipality's signing key, created on first use. */
  async signingKey(m: string): Promise<{ keyId: string; privateKey: KeyObject; publicKey: KeyObject }> {
    const read = async () =>
      (await this.o.db.query<{ key_id: string; private_key_pem: string; public_key_pem: string }>('SELECT key_id, private_key_pem, public_key_pem FROM fairness.signing_keys WHERE municipality_id = $1', [m]))[0];
    let row = await read();
    if (!row) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const raw = publicKey.export({ format: 'der', type: 'spki' });
      const keyId = `fairness-${m}-${createHash('sha256').update(raw).digest('hex').slice(0, 8)}`;
      await this.o.db.query('INSERT INTO fairness.signing_keys (municipality_id, key_id, private_key_pem, public_key_pem) VALUES ($1, $2, $3, $4) ON CONFLICT (municipality_id) DO NOTHING', [
        m,
        keyId,
        privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      ]);
      row = (await read())!;
    }
    return { keyId: row.key_id, privateKey: createPrivateKey(row.private_key_pem), publicKey: createPublicKey(row.public_key_pem) };
  }

  /** The public key that verifies the municipality's reports (PEM, SPKI). */
  async verificationKey(m: string): Promise<{ keyId: string; publicKeyPem: string }> {
    const k = await this.signingKey(m);
    return { keyId: k.keyId, publicKeyPem: k.publicKey.export({ format: 'pem', type: 'spki' }).toString() };
  }

  // ——— reports ———

  /**
   * The report of a system for a completed calendar quarter; made, signed, stored and
   * entered in the ledger on the first request, returned as stored afterwards.
   */
  async produce(m: string, systemId: string, quarterId: string, actor: { role: string; id: string } = { role: 'system', id: 'system' }): Promise<ProducedReport> {
    const spec = OUTCOME_SPECS[systemId];
    if (!spec) {
      throw new AmtsklarError('invalid_input', `Für „${systemId}“ ist kein begünstigendes Ergebnis festgelegt; es gibt keinen Fairness-Bericht.`, [
        { path: '$.systemId', message: `möglich: ${Object.keys(OUTCOME_SPECS).join(', ')}` },
      ]);
    }
    const q = parseQuarter(quarterId);
    const now = this.now();
    if (!quarterEnded(q, now)) {
      throw new AmtsklarError(
        'conflict',
        `Das Quartal ${q.id} ist noch nicht abgeschlossen. Berichte erscheinen nur für abgeschlossene Quartale: Zwischenstände ließen sich mit dem späteren Bericht verrechnen und kleine Gruppen offenlegen.`,
        [{ path: '$.quarter', message: 'Quartal noch nicht abgeschlossen' }],
      );
    }
    const existing = await this.find(m, systemId, q);
    if (existing) return { ...existing, created: false, alert: alertFor(existing.signed, this.thresholds) };

    const { columns, firstUnknown } = await this.columns(m, systemId, q);
    const extraLimitations =
      firstUnknown > 0
        ? [
            `${firstUnknown} Entscheidung${firstUnknown === 1 ? '' : 'en'} des Zeitraums ${firstUnknown === 1 ? 'ist' : 'sind'} nicht ausgewertet: Der erste Bescheid wurde durch einen Widerspruch geändert, bevor er erfasst werden konnte.`,
          ]
        : [];
    const report = buildFairnessReportFromColumns(columns, {
      systemId,
      period: { from: q.from, to: q.to },
      favourableOutcome: spec.favourableOutcome,
      generatedAt: now.toISOString(),
      extraLimitations,
    });
    const key = await this.signingKey(m);
    const signed = signReport(report, key.privateKey, key.keyId);
    const status = reportStatus(report, this.thresholds);
    const created = await this.o.db.transaction(async (tx) => {
      // One producer per municipality at a time: the schedule and a person may ask at once.
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [71_354_500, m]);
      const [again] = await tx.query('SELECT 1 FROM fairness.reports WHERE municipality_id = $1 AND system_id = $2 AND period_from = $3 AND period_to = $4', [m, systemId, q.from, q.to]);
      if (again) return false;
      await tx.query(
        `INSERT INTO fairness.reports (municipality_id, report_id, system_id, period_from, period_to, report_hash, signed, status, generated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
        [m, report.reportId, systemId, q.from, q.to, signed.signature.reportHash, JSON.stringify(signed), status, report.generatedAt],
      );
      const entry: PendingEntry['entry'] = {
        v: 1,
        type: 'fairness_report',
        at: report.generatedAt,
        municipality: m,
        actorRole: /^[a-z][a-z0-9_.-]{0,63}$/.test(actor.role) ? actor.role : 'system',
        actor: /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,79}$/.test(actor.id) ? actor.id : 'system',
        reportId: report.reportId,
        systemId,
        periodFrom: q.from,
        periodTo: q.to,
        reportHash: signed.signature.reportHash,
      };
      const out = await this.o.ledger.append([{ entry, meta: { entryType: 'fairness_report', caseId: null, covers: `fairness-report:${m}/${report.reportId}` } }], tx);
      if (out.rejected.length > 0) throw new Error(`Protokolleintrag abgelehnt: ${out.rejected.map((x) => x.problem).join('; ')}`);
      await tx.query('UPDATE fairness.reports SET ledger_index = $3 WHERE municipality_id = $1 AND report_id = $2', [m, report.reportId, out.first]);
      return true;
    });
    const stored = await this.find(m, systemId, q);
    if (!created) return { ...stored!, created: false, alert: alertFor(stored!.signed, this.thresholds) };
    const alert = alertFor(signed, this.thresholds);
    if (alert) await this.raiseAlert(m, alert);
    return { ...stored!, created: true, alert };
  }

  /** The decision records of a system and quarter joined with consented answers, as columns. */
  async columns(m: string, systemId: string, q: Quarter): Promise<{ columns: DecisionColumns; firstUnknown: number }> {
    const today = berlinDate(this.now());
    const rows = await this.o.db.query<{ f: number; a: string | number | null; d: number; p: number }>(
      `SELECT (d.claim::int
               | (d.routed_to_human::int << 1)
               | (d.nachforderung::int << 2)
               | (d.objection_filed::int << 3)
               | (d.changed_on_objection::int << 4)
               | ((CASE WHEN d.changed_on_objection AND d.claim_after_objection IS NOT NULL THEN d.claim_after_objection ELSE d.claim END)::int << 5)) AS f,
              d.amount_cents AS a, d.processing_days AS d, ${PACKED_SQL} AS p
         FROM fairness.decision_records d
         LEFT JOIN fairness.survey_responses s
           ON s.municipality_id = d.municipality_id AND s.pseudonym = d.pseudonym AND s.consent AND s.retain_until >= $5::date
        WHERE d.municipality_id = $1 AND d.system_id = $2 AND d.period BETWEEN $3 AND $4 AND d.claim IS NOT NULL
        ORDER BY d.pseudonym`,
      [m, systemId, q.from, q.to, today],
    );
    const builder = new ColumnBuilder(rows.length);
    for (const r of rows) builder.push(r.f, r.a === null ? null : Number(r.a), r.d, r.p);
    const [unknown] = await this.o.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM fairness.decision_records WHERE municipality_id = $1 AND system_id = $2 AND period BETWEEN $3 AND $4 AND claim IS NULL',
      [m, systemId, q.from, q.to],
    );
    return { columns: builder.finish(), firstUnknown: unknown!.n };
  }

  async list(m: string, systemId?: string): Promise<StoredReport[]> {
    const rows = await this.o.db.query<ReportRow>(`SELECT ${LIST_COLUMNS} FROM fairness.reports WHERE municipality_id = $1 AND ($2::text IS NULL OR system_id = $2) ORDER BY period_from DESC, system_id`, [
      m,
      systemId ?? null,
    ]);
    return rows.map(storedOf);
  }

  async get(m: string, reportId: string): Promise<{ signed: SignedFairnessReport; stored: StoredReport }> {
    const [row] = await this.o.db.query<ReportRow & { signed: SignedFairnessReport }>(`SELECT ${LIST_COLUMNS}, signed FROM fairness.reports WHERE municipality_id = $1 AND report_id = $2`, [m, reportId]);
    if (!row) throw new AmtsklarError('not_found', 'Diesen Fairness-Bericht gibt es nicht.', [{ path: '$.reportId', message: 'unbekannt' }]);
    return { signed: row.signed, stored: storedOf(row) };
  }

  private async find(m: string, systemId: string, q: Quarter): Promise<{ signed: SignedFairnessReport; stored: StoredReport } | null> {
    const [row] = await this.o.db.query<ReportRow & { signed: SignedFairnessReport }>(
      `SELECT ${LIST_COLUMNS}, signed FROM fairness.reports WHERE municipality_id = $1 AND system_id = $2 AND period_from = $3 AND period_to = $4`,
      [m, systemId, q.from, q.to],
    );
    return row ? { signed: row.signed, stored: storedOf(row) } : null;
  }

  // ——— alerts and status ———

  /**
   * Records the alert as an open incident on every register entry that links the system
   * for its decisions — the rule pack, its automation, the monitoring itself; not the
   * drafting assistant or the chatbot, which decide nothing (its owners see it there; an open incident that is neither serious nor marked as
   * suspending does not stop the system — people decide that). Idempotent: an entry that
   * already has this report's alert is skipped. Without a linked entry the alert is kept
   * here for the data-protection officer and the auditors.
   */
  async raiseAlert(m: string, alert: FairnessAlert): Promise<StoredAlert[]> {
    const summary = { significant: alert.significant, fourFifths: alert.fourFifths, screeningBand: alert.screeningBand, period: alert.period, findings: alert.findings };
    const entries = this.o.register ? (await this.o.register.entries(m)).filter((e) => decides(e.entry, alert.systemId)) : [];
    const have = new Set(
      (await this.o.db.query<{ register_entry_id: string }>('SELECT register_entry_id FROM fairness.alerts WHERE municipality_id = $1 AND report_id = $2', [m, alert.reportId])).map((r) => r.register_entry_id),
    );
    const incidentId = `fairness-${alert.reportId}`;
    for (const e of entries) {
      if (have.has(e.entry.id)) continue;
      await this.o.register!.recordIncident(m, MONITOR, e.entry.id, {
        id: incidentId,
        occurredAt: berlinDate(this.now()),
        description: alert.description,
        serious: false,
        reportedTo: [],
        suspendsUse: false,
        status: 'open',
      });
      await this.insertAlert(m, alert, e.entry.id, incidentId, summary, e.owners);
    }
    if (entries.length === 0 && !have.has('')) await this.insertAlert(m, alert, '', null, summary, []);
    return this.alerts(m, { reportId: alert.reportId });
  }

  /**
   * Alerts of a municipality, newest first. With a reader: the oversight roles see all;
   * anyone else the alerts of register entries they own now or were sent when raised —
   * the owners' inbox.
   */
  async alerts(m: string, o: { reportId?: string; reader?: AlertReader } = {}): Promise<StoredAlert[]> {
    const restricted = o.reader !== undefined && !ALERT_OVERSIGHT.has(o.reader.role);
    const owned = restricted && this.o.register ? (await this.o.register.entries(m)).filter((e) => e.owners.includes(o.reader!.id)).map((e) => e.entry.id) : [];
    const rows = await this.o.db.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM fairness.alerts
        WHERE municipality_id = $1 AND ($2::text IS NULL OR report_id = $2)
          AND (NOT $3::boolean OR register_entry_id = ANY($4::text[]) OR $5::text = ANY(notified))
        ORDER BY created_at DESC, report_id, register_entry_id`,
      [m, o.reportId ?? null, restricted, owned, o.reader?.id ?? ''],
    );
    return rows.map(alertOf);
  }

  /**
   * Records that an alert was taken up (once; the first note stands): by an owner of its
   * register entry, one it was sent to, or an oversight role.
   */
  async acknowledge(m: string, reportId: string, registerEntryId: string | null, reader: AlertReader, note: string | null): Promise<StoredAlert> {
    const entryKey = registerEntryId ?? '';
    const visible = (await this.alerts(m, { reportId, reader })).find((a) => (a.registerEntryId ?? '') === entryKey);
    if (!visible) {
      const exists = (await this.alerts(m, { reportId })).some((a) => (a.registerEntryId ?? '') === entryKey);
      if (exists) throw new AmtsklarError('forbidden', 'Dieser Hinweis ging an die Verantwortlichen eines anderen Registereintrags.');
      throw new AmtsklarError('not_found', 'Diesen Hinweis gibt es nicht.', [{ path: '$.registerEntryId', message: 'kein Hinweis dieses Berichts für diesen Eintrag' }]);
    }
    await this.o.db.query(
      `UPDATE fairness.alerts SET acknowledged_by = $4, acknowledged_role = $5, acknowledged_at = $6, note = $7
        WHERE municipality_id = $1 AND report_id = $2 AND register_entry_id = $3 AND acknowledged_by IS NULL`,
      [m, reportId, entryKey, reader.id, reader.role, this.now().toISOString(), note],
    );
    return (await this.alerts(m, { reportId })).find((a) => (a.registerEntryId ?? '') === entryKey)!;
  }

  /**
   * The public status of the systems a register entry links: from the latest report of
   * each; „auffällig" if any is, „in Prüfung" if any could not compare, else „unauffällig".
   */
  async statusFor(m: string, systems: readonly string[], urlFor: (reportId: string) => string): Promise<{ status: FairnessStatus; reportDate: string; reportUrl: string } | undefined> {
    if (systems.length === 0) return undefined;
    const rows = await this.o.db.query<{ report_id: string; status: FairnessStatus; generated_at: unknown }>(
      `SELECT DISTINCT ON (system_id) report_id, status, generated_at FROM fairness.reports
        WHERE municipality_id = $1 AND system_id = ANY($2::text[]) AND status IS NOT NULL
        ORDER BY system_id, period_to DESC`,
      [m, [...systems]],
    );
    if (rows.length === 0) return undefined;
    const rank: Record<FairnessStatus, number> = { auffaellig: 2, 'in-pruefung': 1, unauffaellig: 0 };
    const worst = rows.reduce((a, b) => (rank[b.status] > rank[a.status] || (rank[b.status] === rank[a.status] && iso(b.generated_at) > iso(a.generated_at)) ? b : a));
    return { status: worst.status, reportDate: berlinDate(iso(worst.generated_at)), reportUrl: urlFor(worst.report_id) };
  }

  // ——— schedule ———

  /**
   * One run of the schedule: completes the decision records from the case events, makes
   * the reports of the last completed quarter that are still missing (every municipality
   * and system with records in it), raises alerts that could not be raised before, and
   * applies the survey's and the records' own retention.
   */
  async runSchedule(): Promise<{ reports: string[]; reconciled: number; deletedAnswers: number; deletedRecords: number; failures: string[] }> {
    const { written } = await this.o.records.reconcile();
    const q = lastCompletedQuarter(this.now());
    const due = await this.o.db.query<{ municipality_id: string; system_id: string }>(
      `SELECT DISTINCT d.municipality_id, d.system_id FROM fairness.decision_records d
        WHERE d.period BETWEEN $1 AND $2
          AND NOT EXISTS (SELECT 1 FROM fairness.reports r WHERE r.municipality_id = d.municipality_id AND r.system_id = d.system_id AND r.period_from = $1 AND r.period_to = $2)
        ORDER BY 1, 2`,
      [q.from, q.to],
    );
    const reports: string[] = [];
    const failures: string[] = [];
    for (const d of due) {
      if (!OUTCOME_SPECS[d.system_id]) continue;
      try {
        const r = await this.produce(d.municipality_id, d.system_id, q.id);
        if (r.created) reports.push(r.stored.reportId);
      } catch (e) {
        failures.push(`${d.municipality_id}/${d.system_id}/${q.id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const unalerted = await this.o.db.query<{ municipality_id: string; report_id: string }>(
      `SELECT r.municipality_id, r.report_id FROM fairness.reports r
        WHERE r.status = 'auffaellig' AND NOT EXISTS (SELECT 1 FROM fairness.alerts a WHERE a.municipality_id = r.municipality_id AND a.report_id = r.report_id)`,
    );
    for (const u of unalerted) {
      try {
        const { signed } = await this.get(u.municipality_id, u.report_id);
        const alert = alertFor(signed, this.thresholds);
        if (alert) await this.raiseAlert(u.municipality_id, alert);
      } catch (e) {
        failures.push(`${u.municipality_id}/${u.report_id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const deletedAnswers = await this.o.survey.sweep();
    const deletedRecords = await this.o.records.sweep(berlinDate(this.now()));
    return { reports, reconciled: written, deletedAnswers, deletedRecords, failures };
  }

  private async insertAlert(m: string, alert: FairnessAlert, entryId: string, incidentId: string | null, summary: StoredAlert['summary'], notified: string[]): Promise<void> {
    await this.o.db.query(
      `INSERT INTO fairness.alerts (municipality_id, report_id, system_id, register_entry_id, incident_id, summary, notified) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::text[])
       ON CONFLICT DO NOTHING`,
      [m, alert.reportId, alert.systemId, entryId, incidentId, JSON.stringify(summary), notified],
    );
  }
}

interface AlertRow {
  report_id: string;
  system_id: string;
  register_entry_id: string;
  incident_id: string | null;
  summary: StoredAlert['summary'];
  created_at: string;
  notified: string[] | null;
  acknowledged_by: string | null;
  acknowledged_role: string | null;
  acknowledged_at: string | null;
  note: string | null;
}

const ALERT_COLUMNS = `report_id, system_id, register_entry_id, incident_id, summary, notified, acknowledged_by, acknowledged_role, note,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
  to_char(acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS acknowledged_at`;

function alertOf(r: AlertRow): StoredAlert {
  return {
    reportId: r.report_id,
    systemId: r.system_id,
    registerEntryId: r.register_entry_id || null,
    incidentId: r.incident_id,
    summary: r.summary,
    createdAt: r.created_at,
    notified: r.notified ?? [],
    status: r.acknowledged_by ? 'acknowledged' : 'open',
    acknowledged: r.acknowledged_by ? { by: r.acknowledged_by, role: r.acknowledged_role ?? '', at: r.acknowledged_at!, note: r.note } : null,
  };
}

interface ReportRow {
  report_id: string;
  system_id: string;
  period_from: string;
  period_to: string;
  report_hash: string;
  status: FairnessStatus | null;
  ledger_index: string | number | null;
  generated_at: string | null;
  created_at: string;
}

const LIST_COLUMNS = `report_id, system_id, period_from, period_to, report_hash, status, ledger_index,
  to_char(generated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS generated_at,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at`;

function storedOf(r: ReportRow): StoredReport {
  const q = parseQuarter(`${r.period_from.slice(0, 4)}-Q${Math.floor((Number(r.period_from.slice(5, 7)) - 1) / 3) + 1}`);
  return {
    reportId: r.report_id,
    systemId: r.system_id,
    period: { from: r.period_from, to: r.period_to },
    quarter: q.from === r.period_from && q.to === r.period_to ? q.id : `${r.period_from}..${r.period_to}`,
    reportHash: r.report_hash,
    status: r.status,
    ledgerIndex: r.ledger_index === null ? null : Number(r.ledger_index),
    generatedAt: r.generated_at,
    createdAt: r.created_at,
  };
}

/** The survey answers packed inside the query, in the layout the fairness core reads (SURVEY_PACKING). */
const PACKED_SQL = (() => {
  const parts = SURVEY_PACKING.map(({ attribute, shift, codes }) => {
    for (const c of [attribute, ...codes]) if (!/^[A-Za-z0-9+-]+$/.test(c)) throw new Error(`unerwarteter Antwortcode ${c}`);
    const cases = codes.map((c, i) => `WHEN '${c}' THEN ${i + 1}`).join(' ');
    return `((CASE s.answers->>'${attribute}' ${cases} ELSE 0 END) << ${shift})`;
  });
  return `(${parts.join(' | ')})`;
})();

/** A register entry in use that decides with the system: links it, and no feature other than automated decisions. */
function decides(entry: RegisterEntry, systemId: string): boolean {
  return entry.status !== 'retired' && entry.links.packs.includes(systemId) && entry.links.features.every((f) => f.feature === 'automated-decisions');
}

function iso(v: unknown): string {
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}
