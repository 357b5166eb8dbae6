import { AmtsklarError } from '../common/index.ts';
import {
  appendWith,
  auditLog,
  buildReceipt,
  consistencyProof,
  checkEntryText,
  decodeEntry,
  encodeEntry,
  entryTime,
  inclusionProof,
  NoteSignatureError,
  noteSigner,
  noteVerifier,
  openCheckpoint,
  openWitnessReport,
  rootAt,
  signCheckpoint,
  verifierKeyOf,
  type AuditFinding,
  type Hash,
  type LedgerEntry,
  type Receipt,
  type Signer,
  type Verifier,
} from '../ledger/index.ts';
import type { Db, Sql } from './db.ts';
import { caseCommitment, caseSalt, pendingEntries, plainSalts, type PendingEntry, type SaltVault } from './ledger-entries.ts';
import { appendIn, PgLedgerStorage } from './ledger-storage.ts';
import { verifyCoverage, type CoverageOptions } from './ledger-verify.ts';

/**
 * Catch-ups in flight per database, across all Ledger objects of this process: a read waits for
 * them, so whoever committed through this process finds the entries (read your own writes),
 * although the commit itself does not wait for the log.
 */
const inFlight = new WeakMap<Db, Set<Promise<unknown>>>();

export interface LedgerConfig extends CoverageOptions {
  /** The log's signer key (PRIVATE+KEY+<origin>+…), from configuration; its name is the origin. */
  signerKey: string;
}

export interface AppendOutcome {
  first: number;
  size: number;
  /** Entries refused by the entry check (they would have carried free text or bad hashes). */
  rejected: { covers: string | null; problem: string }[];
}

export interface WitnessReport {
  witness: string;
  origin: string;
  size: number;
  status: 'ok' | 'rollback' | 'split_view' | 'invalid';
  message: string;
  checkpoint: string;
}

const CATCH_UP_BATCH = 5000;

/**
 * A commit's catch-up starts this long after the commit, together with every commit made
 * meanwhile. Started at once, a steady 500 submissions/s made some 25 catch-ups a second of a
 * dozen statements each; gathered, PostgreSQL spent a fifth less per submission. Nobody waits
 * for it: the answer went out at commit, and reads of the log wait for it anyway (settled).
 */
const COMMIT_CATCH_UP_DELAY_MS = 50;

/**
 * The ledger at the edge: appends entries in batches, turns platform records into
 * entries, publishes signed checkpoints, serves proofs and receipts, and re-checks it all.
 */
export class Ledger {
  readonly storage: PgLedgerStorage;
  readonly origin: string;
  readonly verifierKey: string;
  private readonly signer: Signer;
  readonly verifier: Verifier;
  private readonly coverage: CoverageOptions;
  private readonly salts: SaltVault;
  private catching: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  /** The catch-up a commit asked for, still waiting for its companions (see catchUpSoon). */
  private soon: Promise<number> | null = null;

  constructor(
    private readonly db: Db,
    cfg: LedgerConfig,
  ) {
    this.salts = cfg.salts ?? plainSalts;
    this.coverage = { ...(cfg.resultHashOf ? { resultHashOf: cfg.resultHashOf } : {}), salts: this.salts };
    this.storage = new PgLedgerStorage(db, db);
    this.signer = noteSigner(cfg.signerKey);
    this.origin = this.signer.name;
    this.verifierKey = verifierKeyOf(cfg.signerKey);
    this.verifier = noteVerifier(this.verifierKey);
  }

  /** Appends entries as one batch inside `tx` (or a transaction of its own). */
  async append(items: readonly PendingEntry[], tx?: Sql): Promise<AppendOutcome> {
    const rejected: AppendOutcome['rejected'] = [];
    const ok: { item: PendingEntry; bytes: Uint8Array }[] = [];
    for (const item of items) {
      try {
        ok.push({ item, bytes: encodeEntry(item.entry) });
      } catch (e) {
        rejected.push({ covers: item.meta.covers, problem: e instanceof AmtsklarError ? e.describe() : String(e) });
      }
    }
    const run = (sql: Sql) =>
      appendIn(sql, async (a) => {
        a.meta = ok.map((o) => o.item.meta);
        const r = await appendWith(a, ok.map((o) => o.bytes));
        return { first: r.first, size: r.size, rejected };
      });
    return tx ? run(tx) : this.db.transaction(run);
  }

  /**
   * Enters everything the platform recorded before this call. Returns the number appended.
   * Calls that arrive while a catch-up runs share the one run that starts after it, so a
   * burst of commits costs two catch-ups, not one each (they would queue on the lock anyway).
   */
  catchUp(): Promise<number> {
    if (!this.catching) {
      this.catching = this.track(
        this.catchUpNow().finally(() => {
          this.catching = null;
        }),
      );
      return this.catching;
    }
    this.queued ??= this.track(
      this.catching
        .catch(() => 0)
        .then(() => {
          this.queued = null;
          return this.catchUp();
        }),
    );
    return this.queued;
  }

  /**
   * For the commit path: a catch-up shortly after (COMMIT_CATCH_UP_DELAY_MS), shared by every
   * commit until it starts; the caller does not wait for it. A failure is reported and
   * repaired by the next catch-up (the log reads committed rows by cursor and by absence, so
   * nothing committed is ever skipped, even across a crash).
   */
  catchUpSoon(onError: (e: unknown) => void = (e) => process.emitWarning(`Protokoll: Nachtrag fehlgeschlagen, wird beim nächsten Mal nachgeholt: ${String(e)}`)): void {
    if (this.soon) return;
    this.soon = this.track(
      new Promise<void>((r) => setTimeout(r, COMMIT_CATCH_UP_DELAY_MS)).then(() => {
        this.soon = null;
        return this.catchUp();
      }),
    );
    this.soon.catch(onError);
  }

  /**
   * Waits for the catch-ups in flight in this process (by any Ledger on the same database) when
   * called — the running one and the one queued behind it, which starts after every commit made
   * so far. Not for those started later: under a steady stream of commits a read must not wait
   * for the stream to end.
   */
  async settled(): Promise<void> {
    const set = inFlight.get(this.db);
    if (set && set.size > 0) await Promise.allSettled([...set]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    let set = inFlight.get(this.db);
    if (!set) inFlight.set(this.db, (set = new Set()));
    const s = set;
    s.add(p);
    void p.finally(() => s.delete(p)).catch(() => undefined);
    return p;
  }

  private async catchUpNow(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction(async (tx) => {
        const pending = await pendingEntries(tx, CATCH_UP_BATCH, this.salts);
        if (pending.length === 0) return 0;
        const r = await this.append(pending, tx);
        for (const x of r.rejected) process.emitWarning(`Protokolleintrag abgelehnt (${x.covers}): ${x.problem}`);
        return pending.length;
      });
      total += n;
      // A batch below the limit took everything there was; what commits later starts its own catch-up.
      if (n < CATCH_UP_BATCH) return total;
    }
  }

  /** Signs a checkpoint for the current size unless the latest one already has it. */
  async publishCheckpoint(): Promise<{ note: string; size: number; fresh: boolean }> {
    await this.settled();
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [71_354_310]);
      const storage = new PgLedgerStorage(tx);
      const size = await storage.treeSize();
      const [latest] = await tx.query<{ size: string | number; note: string }>('SELECT size, note FROM ledger_checkpoints ORDER BY id DESC LIMIT 1');
      if (latest && Number(latest.size) === size) return { note: latest.note, size, fresh: false };
      const note = signCheckpoint({ origin: this.origin, size, root: await rootAt(storage, size), extensions: [] }, this.signer);
      await tx.query('INSERT INTO ledger_checkpoints (size, note) VALUES ($1, $2)', [size, note]);
      return { note, size, fresh: true };
    });
  }

  async latestCheckpoint(): Promise<{ note: string; size: number } | null> {
    await this.settled();
    const [row] = await this.db.query<{ size: string | number; note: string }>('SELECT size, note FROM ledger_checkpoints ORDER BY id DESC LIMIT 1');
    return row ? { note: row.note, size: Number(row.size) } : null;
  }

  async checkpoints(): Promise<{ size: number; note: string }[]> {
    await this.settled();
    const rows = await this.db.query<{ size: string | number; note: string }>('SELECT size, note FROM ledger_checkpoints ORDER BY id');
    return rows.map((r) => ({ size: Number(r.size), note: r.note }));
  }

  async inclusionProof(index: number, size: number): Promise<Hash[]> {
    await this.settled();
    return inclusionProof(this.storage, index, size);
  }

  async consistencyProof(size1: number, size2: number): Promise<Hash[]> {
    await this.settled();
    return consistencyProof(this.storage, size1, size2);
  }

  async entry(index: number): Promise<LedgerEntry> {
    await this.settled();
    const [leaf] = await this.storage.readLeaves(index, index + 1);
    if (!leaf) throw new AmtsklarError('not_found', `Protokolleintrag ${index} gibt es nicht`);
    return decodeEntry(leaf.data);
  }

  /** The receipt of the case's latest decision, against the latest checkpoint (signed now if needed). */
  async receiptForCase(caseId: string): Promise<Receipt> {
    await this.settled();
    const [row] = await this.db.query<{ idx: string | number }>(
      `SELECT idx FROM ledger_leaves WHERE case_id = $1 AND entry_type = 'decision' ORDER BY idx DESC LIMIT 1`,
      [caseId],
    );
    if (!row) throw new AmtsklarError('not_found', 'Für diesen Fall ist noch keine Entscheidung im Protokoll');
    const index = Number(row.idx);
    let cp = await this.latestCheckpoint();
    if (!cp || cp.size <= index) cp = await this.publishCheckpoint();
    const proof = await this.inclusionProof(index, cp.size);
    return buildReceipt(await this.entry(index), index, proof, cp.note, this.verifierKey);
  }

  /**
   * The whole re-check: every leaf and stored subtree recomputed, every checkpoint's signature
   * and root, every entry's schema, and every covered database row against its entry.
   */
  async verify(opts: { chunk?: number } = {}): Promise<AuditFinding[]> {
    // First enter what the platform has recorded — as it does after every commit — so that a
    // draft or event committed a moment ago (by this or another process) is checked against its
    // entry instead of being reported as not covered. Without write access (a read-only audit
    // account) the check runs on the log as it is.
    await this.settled();
    await this.catchUp().catch((e: unknown) => process.emitWarning(`Protokoll: vor der Prüfung nicht nachgetragen (${e instanceof Error ? e.message : String(e)}); geprüft wird der Stand, wie er ist`));
    return this.db.transaction((tx) => this.verifyIn(tx, opts));
  }

  /** The re-check inside a transaction someone else holds (one consistent snapshot). */
  async verifyIn(sql: Sql, opts: { chunk?: number } = {}): Promise<AuditFinding[]> {
    const findings: AuditFinding[] = [];
    const roots: { size: number; root: Hash }[] = [];
    const cps = await sql.query<{ size: string | number; note: string }>('SELECT size, note FROM ledger_checkpoints ORDER BY id');
    for (const cp of cps) {
      const size = Number(cp.size);
      try {
        const { checkpoint } = openCheckpoint(cp.note, this.verifier);
        if (checkpoint.size !== size) findings.push({ where: `Prüfpunkt bei ${size} Einträgen`, message: `die signierte Größe ist ${checkpoint.size}` });
        roots.push({ size: checkpoint.size, root: checkpoint.root });
      } catch (e) {
        findings.push({ where: `Prüfpunkt bei ${size} Einträgen`, message: `Signatur ungültig: ${(e as Error).message}` });
      }
    }
    findings.push(
      ...(await auditLog(new PgLedgerStorage(sql), roots, {
        // Small chunks: the store reads the next one while this one is checked, and little survives to old space.
        chunk: opts.chunk ?? 2000,
        onLeaf: (leaf) => {
          try {
            if (leaf.text === undefined) decodeEntry(leaf.data);
            else checkEntryText(leaf.text);
          } catch (e) {
            findings.push({ where: `Eintrag ${leaf.index}`, message: `ist kein gültiger Eintrag: ${(e as Error).message}` });
          }
        },
      })),
    );
    findings.push(...(await verifyCoverage(sql, this.coverage)));
    return findings;
  }

  /**
   * Erasure by key destruction: destroys the case key (the privacy capability's port), drops
   * the commitment salt, and records the erasure as an entry — all in one transaction. A case
   * that never had a key (its data kept in the clear) is recorded with `method` instead.
   */
  async eraseCase(
    caseId: string,
    who: { municipalityId: string; actorRole: string; actor: string; legalBasis: string; keyFingerprint?: string; method?: string },
    destroyKey: (tx: Sql, index: number) => Promise<void>,
  ): Promise<{ index: number }> {
    return this.db.transaction(async (tx) => {
      const salt = await caseSalt(tx, caseId, true, this.salts);
      if (!salt) throw new AmtsklarError('conflict', 'Die personenbezogenen Daten dieses Falls sind bereits gelöscht.');
      const entry: LedgerEntry = {
        v: 1,
        type: 'erasure',
        at: entryTime(),
        municipality: who.municipalityId,
        case: caseCommitment(salt, caseId),
        actorRole: who.actorRole,
        actor: who.actor,
        legalBasis: who.legalBasis,
        method: who.keyFingerprint ? 'crypto-shredding' : (who.method ?? 'deletion'),
        ...(who.keyFingerprint ? { keyFingerprint: who.keyFingerprint } : {}),
      };
      const r = await this.append([{ entry, meta: { entryType: 'erasure', caseId, covers: 'erasure' } }], tx);
      if (r.rejected.length) throw new AmtsklarError('invalid_input', `Löscheintrag abgelehnt: ${r.rejected[0]!.problem}`);
      await destroyKey(tx, r.first);
      await tx.query('DELETE FROM ledger_case_salts WHERE case_id = $1', [caseId]);
      return { index: r.first };
    });
  }

  /** Stores a signed witness report (amtsklar-witness-report/v1) from one of the accepted witnesses. */
  async recordWitnessReport(note: string, witnessKeys: readonly string[]): Promise<WitnessReport> {
    let r: WitnessReport;
    try {
      const o = openWitnessReport(note, witnessKeys);
      r = { witness: o.witness, origin: o.origin, size: o.size, status: o.status, message: o.message, checkpoint: note };
    } catch (e) {
      // no accepted witness signed it: not authorised; anything else is a malformed report
      if (e instanceof NoteSignatureError) throw new AmtsklarError('forbidden', `Zeugenbericht abgelehnt: ${e.message}`);
      throw new AmtsklarError('invalid_input', `Ungültige Eingabe bei $: Zeugenbericht abgelehnt: ${(e as Error).message}`, [{ path: '$', message: (e as Error).message }]);
    }
    if (r.origin !== this.origin) throw new AmtsklarError('invalid_input', `Der Bericht betrifft ${r.origin}, nicht dieses Protokoll`, [{ path: '$', message: 'falsches Protokoll' }]);
    await this.db.query('INSERT INTO ledger_witness_reports (witness, origin, size, status, message, checkpoint) VALUES ($1, $2, $3, $4, $5, $6)', [
      r.witness,
      r.origin,
      r.size,
      r.status,
      r.message,
      r.checkpoint,
    ]);
    return r;
  }

  /** Per witness: its latest report. */
  async witnessStatus(): Promise<(WitnessReport & { receivedAt: string })[]> {
    const rows = await this.db.query<{ witness: string; origin: string; size: string | number; status: WitnessReport['status']; message: string; checkpoint: string; received_at: unknown }>(
      `SELECT DISTINCT ON (witness) witness, origin, size, status, message, checkpoint, received_at FROM ledger_witness_reports ORDER BY witness, id DESC`,
    );
    return rows.map((r) => ({ ...r, size: Number(r.size), receivedAt: new Date(String(r.received_at instanceof Date ? r.received_at.toISOString() : r.received_at)).toISOString() }));
  }
}
