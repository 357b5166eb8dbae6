import { fromBase64, toBase64, type Hash } from './hash.ts';
import { NoteError, openNote, signNote, type OpenedNote, type Signer, type Verifier } from './note.ts';

/**
 * A C2SP checkpoint (c2sp.org/tlog-checkpoint): origin, tree size, base64 root hash, then
 * optional extension lines — the body of a signed note.
 */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
  extensions: string[];
}

export function formatCheckpoint(cp: Checkpoint): string {
  if (!cp.origin || cp.origin.includes('\n')) throw new NoteError('Der Ursprung (origin) darf nicht leer sein und keinen Zeilenumbruch enthalten');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new NoteError('Die Baumgröße muss eine nicht-negative ganze Zahl sein');
  if (cp.root.length !== 32) throw new NoteError('Der Wurzel-Hash hat nicht 32 Bytes');
  for (const e of cp.extensions) if (!e || e.includes('\n')) throw new NoteError('Erweiterungszeilen dürfen nicht leer sein');
  return [cp.origin, String(cp.size), toBase64(cp.root), ...cp.extensions].map((l) => `${l}\n`).join('');
}

/** Parses a checkpoint body strictly: no leading zeros, a 32-byte root, no empty lines. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new NoteError('Der Prüfpunkt muss mit einem Zeilenumbruch enden');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteError('Ein Prüfpunkt hat mindestens drei Zeilen: Ursprung, Größe, Wurzel');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (!origin) throw new NoteError('Der Ursprung (origin) des Prüfpunkts ist leer');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new NoteError(`Die Baumgröße ${JSON.stringify(sizeText)} ist keine Dezimalzahl ohne führende Nullen`);
  }
  const root = fromBase64(rootText);
  if (!root || root.length !== 32) throw new NoteError('Die Wurzel des Prüfpunkts ist kein Base64-kodierter 32-Byte-Hash');
  if (extensions.some((e) => !e)) throw new NoteError('Der Prüfpunkt enthält eine leere Erweiterungszeile');
  return { origin, size: Number(sizeText), root, extensions };
}

export function signCheckpoint(cp: Checkpoint, signer: Signer): string {
  return signNote(formatCheckpoint(cp), [signer]);
}

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  note: OpenedNote;
}

/**
 * Verifies a signed checkpoint with the log's verifier. The log's key name must equal the
 * origin (tlog-checkpoint: SHOULD; we require it, so a key of one log cannot vouch for another).
 */
export function openCheckpoint(note: string, logVerifier: Verifier, extra: readonly Verifier[] = []): OpenedCheckpoint {
  const opened = openNote(note, [logVerifier, ...extra]);
  if (!opened.verifiedBy.includes(logVerifier)) throw new NoteError(`Der Prüfpunkt ist nicht vom Protokoll ${logVerifier.name} signiert`);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== logVerifier.name) {
    throw new NoteError(`Der Prüfpunkt stammt von ${JSON.stringify(checkpoint.origin)}, erwartet ist ${JSON.stringify(logVerifier.name)}`);
  }
  return { checkpoint, note: opened };
}
