/**
 * The range a unary comparison denotes when used as a value (DMN 1.5 §10.3.2.7): `< 10`, `>= x`,
 * `= 5`, `!= 5`. Unlike an interval with a null endpoint (`(null..10]`, whose membership test is
 * null), a comparison range is unbounded on its open side; and it is not equal to an interval
 * with the same endpoints (`(< 10) = (null..10)` is false, TCK 0068).
 */
import type { CompareOp } from './ast.ts';
import { FeelRange, type FeelValue } from './values.ts';

export class UnaryRange extends FeelRange {
  constructor(
    readonly op: CompareOp,
    readonly value: FeelValue,
  ) {
    super(
      op === '<' || op === '<=' ? null : value,
      op === '>=' || op === '=',
      op === '>' || op === '>=' ? null : value,
      op === '<=' || op === '=',
    );
  }
}
