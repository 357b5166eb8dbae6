/**
 * A case's explanation from its Rechenweg (recomputed and checked against the receipt when the
 * decision was stored without it, see cases/trace.ts): for citizens in plain language, for staff
 * the full Rechenweg with every legal basis. Shared by the explanation endpoints and the
 * workbench's case view, which asks for both in one read (one entry in the access log).
 */
import { AmtsklarError } from '../common/index.ts';
import { storedTrace, type CaseRecord, type RechenwegProblem } from '../cases/index.ts';
import { explain, type Audience, type Decision, type Pack } from '../engine/index.ts';
import { loadInstalledPacks } from '../pack-files/index.ts';
import { EXPLANATION_SCHEMA } from './plugins/explanation-schema.ts';

/** A case's explanation: the general shape plus the audience it was made for and the pack release. */
export const EXPLANATION_RESPONSE = {
  ...EXPLANATION_SCHEMA,
  required: [...EXPLANATION_SCHEMA.required, 'pack', 'release'],
  properties: {
    ...EXPLANATION_SCHEMA.properties,
    audience: { type: 'string', enum: ['citizen', 'caseworker'] },
    pack: { type: 'string' },
    release: { type: 'string' },
  },
} as const;

export const LEVEL_DESCRIPTION = 'kurz: Erklärung in einfacher Sprache; rechenweg: der vollständige Rechenweg mit allen Rechtsgrundlagen';

export const LEVEL_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { level: { type: 'string', enum: ['kurz', 'rechenweg'], default: 'kurz', description: LEVEL_DESCRIPTION } },
} as const;

const registry = () => loadInstalledPacks(process.env.AMTSKLAR_PACKS_DIR || undefined);

export function packOf(c: CaseRecord): Pack {
  try {
    return registry().get(c.packId, c.decision?.packVersion ?? c.packRelease);
  } catch {
    throw new AmtsklarError('conflict', `Der Rechtsstand ${c.packRelease} des Regelwerks „${c.packId}“ ist hier nicht mehr installiert; die Erklärung kann nicht erzeugt werden.`);
  }
}

/** The explanation of a case read with its trace (`CaseService.getWithTrace`); 409 when there is none to give. */
export function caseExplanation(c: CaseRecord, audience: Audience) {
  if (!c.decision) throw new AmtsklarError('conflict', 'Zu diesem Fall gibt es noch kein Ergebnis.', [{ path: '$.decision', message: 'fehlt' }]);
  const problem = c.decision.rechenwegProblem as RechenwegProblem | undefined;
  if (problem) throw new AmtsklarError('conflict', problem.message, problem.problems);
  const pack = packOf(c);
  return { ...explain(pack, storedTrace(c.decision) as unknown as Decision, audience), pack: pack.id, release: pack.release };
}
