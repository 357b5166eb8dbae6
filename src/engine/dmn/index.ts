/**
 * DMN 1.1–1.5 import: read DMN XML into a model (decision requirement graph, item definitions,
 * boxed expressions) and evaluate decisions and decision services with Amtsklar's FEEL.
 */
import { readDmn } from './read.ts';
import type { DmnModel } from './model.ts';

export type * from './model.ts';
export { evaluateDecision, evaluateDecisionService, checkDmn, type DmnEvaluationOptions, type DmnInputs } from './evaluate.ts';

export interface ParseDmnOptions {
  /** Already parsed models this one imports (matched by namespace). */
  imports?: readonly DmnModel[];
}

/** Reads DMN XML; malformed XML or a non-DMN document is AmtsklarError('invalid_pack') naming file and line. */
export function parseDmn(xml: string, fileName = 'modell.dmn', options: ParseDmnOptions = {}): DmnModel {
  return readDmn(xml, fileName, options.imports ?? []);
}
