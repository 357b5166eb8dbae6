import { AmtsklarError } from '../common/index.ts';
import type { CaseRecord, DecisionRecord, PersonalData, TracedDecision } from './model.ts';
import type { RuleEngine } from './ports.ts';

/**
 * The case's decision with its Rechenweg.
 *
 * A submission stores its decision without the trace: the trace repeats the application's facts
 * step by step (personal data, which belongs in the sealed personal record and goes with it),
 * is twenty times the size of the rest, and costs the engine twice the time of the result. The
 * engine computes it again exactly: this is a replay of the stored decision, and it counts only
 * when it arrives at the stored receipt — same input hash, same result hash.
 */
export function withTrace(engine: RuleEngine, c: CaseRecord & { decision: NonNullable<CaseRecord['decision']> }, personal: PersonalData): TracedDecision {
  const d = c.decision;
  if (d.trace) return d as TracedDecision;
  // A decision with human decisions records their hash; the case holds them.
  const human = (d.receipt as { humanHash?: string }).humanHash ? { discretion: c.discretion, overrides: c.overrides } : {};
  try {
    engine.pack(c.packId, d.packVersion);
  } catch (e) {
    if (e instanceof AmtsklarError && e.code === 'not_found') {
      throw new AmtsklarError('conflict', `Der Rechtsstand ${d.packVersion} des Regelwerks „${c.packId}“ ist hier nicht mehr installiert; der Rechenweg kann nicht nachgerechnet werden.`, [{ path: '$.decision.packVersion', message: 'nicht installiert' }]);
    }
    throw e;
  }
  const again = engine.decide(c.packId, d.packVersion, personal.application, { ...human, trace: true });
  if (again.receipt.inputHash !== d.receipt.inputHash || again.receipt.resultHash !== d.receipt.resultHash) {
    throw new AmtsklarError(
      'conflict',
      'Der Rechenweg lässt sich nicht nachrechnen: Die gespeicherten Antragsangaben ergeben nicht mehr die gespeicherte Entscheidung. Bitte den Antrag erneut prüfen lassen.',
      [{ path: '$.decision.receipt', message: again.receipt.inputHash !== d.receipt.inputHash ? 'Antragsangaben geändert' : `Ergebnis ${again.receipt.resultHash} statt ${d.receipt.resultHash}` }],
    );
  }
  return { ...d, trace: again.trace ?? [] };
}

/**
 * The decision with the trace it has stored, or none: for a decision whose facts are erased
 * (nothing left to recompute the Rechenweg from) the explanation and the letter keep the result.
 */
export function storedTrace(d: DecisionRecord): TracedDecision {
  return { ...d, trace: d.trace ?? [] };
}

/** The decision as stored by a submission: everything but the Rechenweg (see withTrace). */
export function withoutTrace(d: DecisionRecord): DecisionRecord {
  const { trace: _trace, ...rest } = d;
  return rest as DecisionRecord;
}

/** Why a decision shown without its Rechenweg has none, in the words of the refused recomputation. */
export interface RechenwegProblem {
  message: string;
  problems: readonly { path: string; message: string }[];
}

/**
 * The decision for viewing: with its Rechenweg, or — when it cannot be recomputed — without it
 * and with the reason (`rechenwegProblem`), so that the case stays open for work (a new check).
 */
export function withTraceOrProblem(engine: RuleEngine, c: CaseRecord & { decision: DecisionRecord }, personal: PersonalData): DecisionRecord {
  try {
    return withTrace(engine, c, personal);
  } catch (e) {
    if (e instanceof AmtsklarError && e.code === 'conflict') {
      const problem: RechenwegProblem = { message: e.message, problems: e.problems };
      return { ...c.decision, rechenwegProblem: problem };
    }
    throw e;
  }
}
