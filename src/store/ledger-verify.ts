import { contentHash, sha256Hex } from '../common/index.ts';
import { isErasedReason, resultHash, type Decision } from '../engine/index.ts';
import { commit, decodeEntryText, type AuditFinding, type LedgerEntry } from '../ledger/index.ts';
import type { Sql } from './db.ts';
import { caseCommitment, plainSalts, type SaltVault } from './ledger-entries.ts';

interface CoveredLeaf {
  idx: number;
  covers: string;
  entry: LedgerEntry;
}

interface CaseRow {
  id: string;
  aktenzeichen: string;
  decision: (Decision & { receipt?: { resultHash?: string; inputHash?: string } }) | null;
  result_hash: string | null;
  outcome: string | null;
  approvals: { by: string; name: string; at: string; resultHash: string }[] | null;
  discretion: Record<string, { option?: unknown; by?: unknown; reason?: unknown }> | null;
  overrides: Record<string, { value?: unknown; by?: unknown; reason?: unknown }> | null;
  anonymised: boolean;
}

/**
 * The workflow's columns of human decisions (discretion decisions and overrides, each with who
 * and why) against the decision that was computed with them: the next recomputation reads the
 * columns, so a changed column would change a decision unseen. Compared where the sealed decision
 * applied them (a point no longer reached is not in it). Anonymisation blanks the columns' reasons
 * and replaces the sealed ones by their hashes (`eraseWrittenReasons`), which the result hash
 * still covers; on a live case neither may happen.
 */
function humanInputFindings(c: CaseRow, where: string): AuditFinding[] {
  const d = c.decision!;
  const out: AuditFinding[] = [];
  const compare = (what: string, column: { by?: unknown; reason?: unknown } | undefined, sealed: { by: string; reason: string; reasonHash?: string }, value: [unknown, unknown]) => {
    if (!column) {
      out.push({ where: `${where}, ${what}`, message: 'ist in der versiegelten Entscheidung angewendet, fehlt aber in der Datenbank' });
      return;
    }
    const mism: string[] = [];
    if (contentHash(value[0] ?? null) !== contentHash(value[1] ?? null)) mism.push(`Wert ${JSON.stringify(value[0])}, versiegelt ${JSON.stringify(value[1])}`);
    if (column.by !== sealed.by) mism.push(`von ${String(column.by)}, versiegelt ${sealed.by}`);
    if (!c.anonymised && column.reason !== sealed.reason) mism.push('die Begründung wurde verändert');
    // Only erasure replaces a sealed reason by its hash; on a live case that hides what was written.
    if (!c.anonymised && isErasedReason(sealed)) mism.push('die versiegelte Begründung ist gelöscht, der Fall aber nicht anonymisiert');
    if (mism.length) out.push({ where: `${where}, ${what}`, message: `passt nicht zur versiegelten Entscheidung: ${mism.join('; ')}` });
  };
  for (const h of d.humanDecisions ?? []) compare(`Ermessensentscheidung ${h.point}`, c.discretion?.[h.point], h, [c.discretion?.[h.point]?.option, h.option]);
  for (const o of d.overrides ?? []) compare(`Überschreibung ${o.rule}`, c.overrides?.[o.rule], o, [c.overrides?.[o.rule]?.value, o.value]);
  return out;
}

/**
 * Compares the database rows the log covers with the entries that cover them: decisions,
 * approvals, drafts and issued letters, objections, and the case each entry names. Every
 * mismatch is named in German with the row and the entry. Reads only; run it inside a
 * transaction to see one consistent state.
 */
export interface CoverageOptions {
  /** Recomputes a stored decision's resultHash; the engine's own function unless a test double decides. */
  resultHashOf?: (decision: Decision) => string;
  /** Where the commitment salts are kept (sealed under the case keys on the platform). */
  salts?: SaltVault;
}

export async function verifyCoverage(sql: Sql, opts: CoverageOptions = {}): Promise<AuditFinding[]> {
  const resultHashOf = opts.resultHashOf ?? resultHash;
  const findings: AuditFinding[] = [];
  const leafRows = await sql.query<{ idx: string | number; case_id: string; covers: string | null; data: string }>(
    'SELECT idx, case_id, covers, data FROM ledger_leaves WHERE case_id IS NOT NULL ORDER BY idx',
  );
  const byCase = new Map<string, CoveredLeaf[]>();
  for (const r of leafRows) {
    let entry: LedgerEntry;
    try {
      entry = decodeEntryText(r.data);
    } catch (e) {
      findings.push({ where: `Eintrag ${r.idx}`, message: `ist kein gültiger Eintrag: ${(e as Error).message}` });
      continue;
    }
    const list = byCase.get(r.case_id) ?? [];
    list.push({ idx: Number(r.idx), covers: r.covers ?? '', entry });
    byCase.set(r.case_id, list);
  }
  const salts = await (opts.salts ?? plainSalts).all(sql);
  const cases = await sql.query<CaseRow>('SELECT id, aktenzeichen, decision, result_hash, outcome, approvals, discretion, overrides, anonymised_at IS NOT NULL AS anonymised FROM cases ORDER BY id');
  const drafts = await sql.query<{ id: string; case_id: string; kind: string; text: string; text_hash: string; result_hash: string | null }>(
    'SELECT id, case_id, kind, text, text_hash, result_hash FROM drafts',
  );
  const objections = await sql.query<{ id: string; case_id: string; reason: string }>('SELECT id, case_id, reason FROM objections');
  const caseIds = new Set(cases.map((c) => c.id));

  for (const [caseId, leaves] of byCase) {
    const salt = salts.get(caseId);
    const erased = leaves.some((l) => l.entry.type === 'erasure');
    if (!caseIds.has(caseId) && !erased) {
      findings.push({ where: `Fall ${caseId}`, message: `fehlt in der Datenbank, das Protokoll hat ${leaves.length} Einträge dazu (zuerst Eintrag ${leaves[0]!.idx})` });
    }
    if (!salt) {
      // the salt goes only with a recorded erasure; without one, every record check of the case
      // would be skipped — deleting the salt must not be a way to change records unseen
      if (!erased && leaves.some((l) => 'case' in l.entry && l.entry.case !== undefined)) {
        findings.push({ where: `Fall ${caseId}`, message: 'das Commitment-Salz fehlt, ohne dass eine Löschung protokolliert ist – die Datensätze des Falls lassen sich so nicht prüfen' });
      }
      continue;
    }
    const expected = caseCommitment(salt, caseId);
    for (const l of leaves) {
      if ('case' in l.entry && l.entry.case !== undefined && l.entry.case !== expected) {
        findings.push({ where: `Eintrag ${l.idx}`, message: `ist dem Fall ${caseId} zugeordnet, sein Commitment nennt aber einen anderen Fall` });
      }
    }
  }

  const draftsById = new Map(drafts.map((d) => [d.id, d]));
  // Per case, so the walk over the cases stays linear in the rows.
  const draftsByCase = groupBy(drafts, (d) => d.case_id);
  const objectionsByCase = groupBy(objections, (o) => o.case_id);
  for (const c of cases) {
    const where = `Fall ${c.aktenzeichen} (${c.id})`;
    const leaves = byCase.get(c.id) ?? [];
    const salt = salts.get(c.id);
    const decisions = leaves.filter((l) => l.entry.type === 'decision');
    const last = decisions[decisions.length - 1];
    if (c.decision) {
      const e = last?.entry.type === 'decision' ? last.entry : undefined;
      if (!e) {
        findings.push({ where: `${where}, Entscheidung`, message: 'steht in der Datenbank, aber kein Protokolleintrag deckt sie' });
      } else {
        const recomputed = resultHashOf(c.decision);
        const mism: string[] = [];
        if (recomputed !== e.resultHash) mism.push(`Inhalt ergibt resultHash ${recomputed}`);
        if (c.decision.receipt?.resultHash !== e.resultHash) mism.push(`Quittung nennt ${c.decision.receipt?.resultHash}`);
        if (c.result_hash !== null && c.result_hash !== e.resultHash) mism.push(`Spalte result_hash nennt ${c.result_hash}`);
        if (c.decision.packHash !== e.packHash) mism.push(`packHash ${c.decision.packHash}`);
        if (e.packRelease !== undefined && c.decision.packVersion !== e.packRelease) mism.push(`Release ${c.decision.packVersion}, protokolliert ${e.packRelease}`);
        if (c.decision.receipt?.inputHash !== e.inputHash) mism.push(`inputHash ${c.decision.receipt?.inputHash}`);
        if (c.decision.outcome !== e.outcome || (c.outcome !== null && c.outcome !== e.outcome)) mism.push(`Ergebnis ${c.outcome ?? c.decision.outcome}`);
        if (mism.length) findings.push({ where: `${where}, Entscheidung`, message: `passt nicht zu Eintrag ${last!.idx} (resultHash ${e.resultHash}): ${mism.join('; ')}` });
        // only against a decision the log vouches for
        else findings.push(...humanInputFindings(c, where));
      }
    } else if (last) {
      findings.push({ where: `${where}, Entscheidung`, message: `fehlt in der Datenbank; Eintrag ${last.idx} belegt sie` });
    }

    // Approvals since the last decision entry, in order, one per element of `approvals`.
    const since = last?.idx ?? -1;
    const approvals = leaves.filter((l) => l.idx > since && l.entry.type === 'approval');
    const rows = c.approvals ?? [];
    const n = Math.max(rows.length, approvals.length);
    for (let k = 0; k < n; k++) {
      const row = rows[k];
      const leaf = approvals.find((l) => l.entry.type === 'approval' && l.entry.step === k + 1);
      const at = `${where}, Freigabe ${k + 1}`;
      if (row && !leaf) {
        findings.push({ where: at, message: `von ${row.by} steht in der Datenbank, aber kein Protokolleintrag deckt sie` });
        continue;
      }
      if (!row && leaf) {
        findings.push({ where: at, message: `fehlt in der Datenbank; Eintrag ${leaf.idx} belegt sie` });
        continue;
      }
      if (!row || !leaf || leaf.entry.type !== 'approval') continue;
      const e = leaf.entry;
      const mism: string[] = [];
      if (row.by !== e.actor && e.actor !== 'system') mism.push(`freigegeben von ${row.by}, protokolliert ${e.actor}`);
      if (row.resultHash !== e.resultHash) mism.push(`resultHash ${row.resultHash}`);
      if (salt && commit(salt, row) !== e.recordCommitment) mism.push('der Freigabedatensatz (Person, Zeit, Berechnung) wurde verändert');
      if (mism.length) findings.push({ where: at, message: `passt nicht zu Eintrag ${leaf.idx}: ${mism.join('; ')}` });
    }

    const erased = leaves.some((l) => l.entry.type === 'erasure');
    for (const l of leaves) {
      const e = l.entry;
      if (e.type === 'draft' || e.type === 'letter_issued') {
        const id = e.type === 'draft' ? e.draftId : e.letterId;
        const d = draftsById.get(id);
        const what = e.type === 'draft' ? `Entwurf ${id}` : `Bescheid ${id}`;
        if (!d) {
          if (!erased) findings.push({ where: `${where}, ${what}`, message: `fehlt in der Datenbank; Eintrag ${l.idx} belegt ihn` });
          continue;
        }
        const mism: string[] = [];
        if (d.case_id !== c.id) mism.push(`gehört zu Fall ${d.case_id}`);
        if (d.text_hash !== e.textHash) mism.push(`text_hash ${d.text_hash}, protokolliert ${e.textHash}`);
        // After erasure the text itself is gone by design; its recorded hash must still match.
        if (!erased && `sha256:${sha256Hex(d.text)}` !== e.textHash) mism.push('der Text ergibt einen anderen Hash');
        if (e.type === 'draft' && d.kind !== e.kind) mism.push(`Art ${d.kind}`);
        if (e.type === 'draft' && (d.result_hash ?? undefined) !== e.resultHash) mism.push(`resultHash ${d.result_hash}`);
        if (mism.length) findings.push({ where: `${where}, ${what}`, message: `passt nicht zu Eintrag ${l.idx}: ${mism.join('; ')}` });
      }
    }
    for (const d of draftsByCase.get(c.id) ?? []) {
      if (!leaves.some((l) => l.entry.type === 'draft' && l.entry.draftId === d.id)) {
        findings.push({ where: `${where}, Entwurf ${d.id}`, message: 'steht in der Datenbank, aber kein Protokolleintrag deckt ihn' });
      }
    }
    for (const o of objectionsByCase.get(c.id) ?? []) {
      const leaf = leaves.find((l) => l.entry.type === 'objection' && l.entry.objectionId === o.id);
      if (!leaf) findings.push({ where: `${where}, Widerspruch ${o.id}`, message: 'steht in der Datenbank, aber kein Protokolleintrag deckt ihn' });
      else if (salt && !erased && leaf.entry.type === 'objection' && commit(salt, o.reason) !== leaf.entry.textCommitment) {
        findings.push({ where: `${where}, Widerspruch ${o.id}`, message: `Text passt nicht zu Eintrag ${leaf.idx}` });
      }
    }
  }
  for (const d of drafts) {
    if (!caseIds.has(d.case_id)) findings.push({ where: `Entwurf ${d.id}`, message: `gehört zu keinem Fall (${d.case_id})` });
  }
  findings.push(...(await verifyRecords(sql, byCase)));
  return findings;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

/** The latest leaf per `covers` value among the given prefixes. */
async function latestByCovers(sql: Sql, prefix: string): Promise<Map<string, { idx: number; entry: LedgerEntry | null }>> {
  const rows = await sql.query<{ idx: string | number; covers: string; data: string }>(
    `SELECT DISTINCT ON (covers) idx, covers, data FROM ledger_leaves WHERE covers LIKE $1 ORDER BY covers, idx DESC`,
    [`${prefix}%`],
  );
  const out = new Map<string, { idx: number; entry: LedgerEntry | null }>();
  for (const r of rows) {
    let entry: LedgerEntry | null = null;
    try {
      entry = decodeEntryText(r.data);
    } catch {
      // Reported by the per-leaf check of the full verification.
    }
    out.set(r.covers, { idx: Number(r.idx), entry });
  }
  return out;
}

async function exists(sql: Sql, table: string): Promise<boolean> {
  const [r] = await sql.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
  return !!r?.ok;
}

/** Records outside the case rows: drafting revisions, AI register versions, municipality settings. */
async function verifyRecords(sql: Sql, byCase: Map<string, CoveredLeaf[]>): Promise<AuditFinding[]> {
  const findings: AuditFinding[] = [];
  if (await exists(sql, 'drafting_drafts')) {
    const rows = await sql.query<{ id: string; case_id: string; text_hash: string; result_hash: string }>('SELECT id, case_id, text_hash, result_hash FROM drafting_drafts');
    for (const d of rows) {
      const leaf = (byCase.get(d.case_id) ?? []).find((l) => l.covers === `mdraft:${d.id}`);
      const where = `Entwurfsrevision ${d.id}`;
      if (!leaf || leaf.entry.type !== 'draft') findings.push({ where, message: 'steht in der Datenbank, aber kein Protokolleintrag deckt sie' });
      else if (leaf.entry.textHash !== d.text_hash || leaf.entry.resultHash !== d.result_hash) {
        findings.push({ where, message: `passt nicht zu Eintrag ${leaf.idx}: text_hash ${d.text_hash}, resultHash ${d.result_hash}` });
      }
    }
  }
  if (await exists(sql, 'governance_entries')) {
    const logged = await latestByCovers(sql, 'register:');
    const rows = await sql.query<{ municipality_id: string; id: string; version: number; entry: unknown }>('SELECT municipality_id, id, version, entry FROM governance_entries');
    for (const g of rows) {
      const where = `KI-Register ${g.municipality_id}/${g.id} Version ${g.version}`;
      const leaf = logged.get(`register:${g.municipality_id}/${g.id}@${g.version}`);
      if (!leaf?.entry || leaf.entry.type !== 'register_change') findings.push({ where, message: 'steht in der Datenbank, aber kein Protokolleintrag deckt sie' });
      else if (leaf.entry.contentHash !== contentHash(g.entry)) findings.push({ where, message: `Inhalt passt nicht zu Eintrag ${leaf.idx}` });
    }
  }
  findings.push(...(await verifyAccessLog(sql)));
  const config = await latestByCovers(sql, 'config:');
  const municipalities = await sql.query<{ id: string; settings: unknown }>('SELECT id, settings FROM municipalities');
  for (const m of municipalities) {
    const leaf = config.get(`config:${m.id}`);
    const where = `Einstellungen der Kommune ${m.id}`;
    if (!leaf?.entry || leaf.entry.type !== 'configuration_change') findings.push({ where, message: 'sind nicht protokolliert' });
    else if (leaf.entry.valueHash !== contentHash(m.settings ?? {})) findings.push({ where, message: `passen nicht zum letzten Protokolleintrag ${leaf.idx}` });
  }
  return findings;
}

/**
 * The data-protection officer's access log: every read entered up to the catch-up's cursor is
 * still there, with the purpose, the object and the person the log entered — a read cannot be
 * removed or reworded unseen. Rows after the cursor are not entered yet.
 */
async function verifyAccessLog(sql: Sql): Promise<AuditFinding[]> {
  const findings: AuditFinding[] = [];
  const [cursor] = await sql.query<{ last_id: string }>("SELECT last_id FROM ledger_cursors WHERE source = 'data_access_log'");
  const upTo = BigInt(cursor?.last_id ?? '0');
  const leaves = await latestByCovers(sql, 'access:');
  const rows = await sql.query<{ id: string; actor_kind: string; actor_id: string | null; purpose: string; what: string }>(
    'SELECT id::text AS id, actor_kind, actor_id, purpose, what FROM data_access_log WHERE id <= $1::bigint',
    [upTo.toString()],
  );
  const seen = new Set<string>();
  for (const r of rows) {
    const covers = `access:${r.id}`;
    seen.add(covers);
    const leaf = leaves.get(covers);
    const where = `Zugriffsprotokoll, Zugriff ${r.id}`;
    if (!leaf?.entry || leaf.entry.type !== 'data_access') {
      findings.push({ where, message: 'steht in der Datenbank, aber kein Protokolleintrag deckt ihn' });
      continue;
    }
    const e = leaf.entry;
    const mism: string[] = [];
    if (e.purposeHash !== contentHash(r.purpose)) mism.push('Zweck');
    if (e.whatHash !== contentHash(r.what)) mism.push('Gegenstand');
    if (r.actor_kind === 'user' && r.actor_id !== null && e.actor !== r.actor_id && e.actor !== 'system') mism.push('Person');
    if (mism.length) findings.push({ where, message: `passt nicht zu Eintrag ${leaf.idx}: ${mism.join(', ')} verändert` });
  }
  for (const [covers, leaf] of leaves) {
    const id = covers.slice('access:'.length);
    if (!seen.has(covers) && /^\d+$/.test(id) && BigInt(id) <= upTo) {
      findings.push({ where: `Zugriffsprotokoll, Zugriff ${id}`, message: `fehlt in der Datenbank; Eintrag ${leaf.idx} belegt ihn` });
    }
  }
  return findings;
}
