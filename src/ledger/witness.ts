import { openCheckpoint, type Checkpoint } from './checkpoint.ts';
import { hashFromBase64, sameHash, toBase64, type Hash } from './hash.ts';
import type { Verifier } from './note.ts';
import { verifyConsistency } from './verify.ts';

/**
 * The witness as a pure state machine. It remembers the last checkpoint it accepted for a
 * log; a new checkpoint is accepted (and may be cosigned) only if it extends that one
 * append-only. Anything else is an alarm: the log went back (rollback) or shows different
 * histories to different parties (split view / fork).
 */
export interface WitnessState {
  origin: string;
  size: number;
  /** Base64 root hash. */
  root: string;
  /** The signed checkpoint note last accepted. */
  checkpoint: string;
}

export type WitnessOutcome =
  | { kind: 'ok'; state: WitnessState; grew: boolean; message: string }
  | { kind: 'rollback' | 'split_view' | 'invalid'; alarm: true; message: string; evidence: { last?: WitnessState; offered: string } };

export interface WitnessInput {
  /** The signed checkpoint as the log serves it. */
  checkpoint: string;
  /** Consistency proof from the last accepted size to the offered size. */
  proof: readonly Hash[];
}

export function witnessStep(last: WitnessState | undefined, input: WitnessInput, logVerifier: Verifier): WitnessOutcome {
  const alarm = (kind: 'rollback' | 'split_view' | 'invalid', message: string): WitnessOutcome => ({
    kind,
    alarm: true,
    message,
    evidence: { ...(last ? { last } : {}), offered: input.checkpoint },
  });
  let cp: Checkpoint;
  try {
    cp = openCheckpoint(input.checkpoint, logVerifier).checkpoint;
  } catch (e) {
    return alarm('invalid', `ALARM: Der Prüfpunkt des Protokolls ${logVerifier.name} ist nicht gültig signiert: ${(e as Error).message}`);
  }
  const state: WitnessState = { origin: cp.origin, size: cp.size, root: toBase64(cp.root), checkpoint: input.checkpoint };
  if (!last || last.size === 0) {
    return { kind: 'ok', state, grew: true, message: `Erster Prüfpunkt von ${cp.origin} angenommen: ${cp.size} Einträge` };
  }
  if (last.origin !== cp.origin) return alarm('invalid', `ALARM: Prüfpunkt für ${cp.origin}, erwartet war ${last.origin}`);
  const lastRoot = hashFromBase64(last.root);
  if (!lastRoot) return alarm('invalid', 'ALARM: Der gespeicherte Zustand des Zeugen ist beschädigt');
  if (cp.size < last.size) {
    return alarm(
      'rollback',
      `ALARM: Rücksprung im Protokoll ${cp.origin}: Prüfpunkt mit ${cp.size} Einträgen, zuletzt gesehen waren ${last.size}. Das Protokoll hat Einträge zurückgenommen oder zeigt einen älteren Stand.`,
    );
  }
  if (cp.size === last.size) {
    if (sameHash(cp.root, lastRoot)) return { kind: 'ok', state: last, grew: false, message: `Unverändert: ${cp.size} Einträge` };
    return alarm(
      'split_view',
      `ALARM: Geteilte Sicht (Fork) im Protokoll ${cp.origin}: zwei signierte Prüfpunkte mit ${cp.size} Einträgen und verschiedenen Wurzeln (${last.root} und ${state.root}).`,
    );
  }
  const v = verifyConsistency(last.size, cp.size, input.proof, lastRoot, cp.root);
  if (!v.ok) {
    return alarm(
      'split_view',
      `ALARM: Geteilte Sicht (Fork) im Protokoll ${cp.origin}: der Prüfpunkt mit ${cp.size} Einträgen setzt den zuletzt gesehenen mit ${last.size} Einträgen nicht fort (${v.reason}).`,
    );
  }
  return { kind: 'ok', state, grew: true, message: `Konsistent fortgesetzt: ${last.size} → ${cp.size} Einträge` };
}
