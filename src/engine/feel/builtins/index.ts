/** All FEEL built-in functions by name. */
import { listBuiltins } from './list.ts';
import { miscBuiltins } from './misc.ts';
import { numericBuiltins } from './numeric.ts';
import { Builtin } from './registry.ts';
import { stringBuiltins } from './string.ts';
import { temporalBuiltins } from './temporal.ts';

export { Builtin, unknownOf } from './registry.ts';
export { xpathRegex } from './string.ts';

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(
  [...numericBuiltins, ...listBuiltins, ...stringBuiltins, ...temporalBuiltins, ...miscBuiltins].map((s) => [s.name, new Builtin(s)]),
);
