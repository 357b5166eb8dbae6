/**
 * Decision tables with DMN 1.5 semantics (§8.2–8.3), written in rule-pack YAML or imported
 * from DMN XML. Cells are FEEL text: input entries are unary tests, output entries expressions.
 */
import type { FeelValue } from '../feel/index.ts';

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface DecisionTableInput {
  /** FEEL expression whose value the column tests, e.g. `Haushaltsgröße`. */
  expression: string;
  label?: string;
  /** Allowed values as FEEL unary tests, e.g. `"I", "II", "III"`; other values are an error. */
  inputValues?: string;
}

export interface DecisionTableOutput {
  /** Name of the output in the result context when the table has several outputs. */
  name?: string;
  label?: string;
  /** Allowed values as a comma list; for PRIORITY and OUTPUT ORDER also the priority, highest first. */
  outputValues?: string;
  /** FEEL expression used when no rule matches. */
  defaultOutputEntry?: string;
}

export interface DecisionTableRule {
  id?: string;
  /** One unary test per input column (`-` for any). */
  inputEntries: string[];
  /** One FEEL expression per output column. */
  outputEntries: string[];
  annotation?: string;
}

export interface DecisionTableDef {
  id: string;
  hitPolicy: HitPolicy;
  /** Only with COLLECT: combines the outputs of all matching rules. */
  aggregation?: Aggregation;
  inputs: DecisionTableInput[];
  outputs: DecisionTableOutput[];
  rules: DecisionTableRule[];
}

export interface TableResult {
  /**
   * Single-hit policies: the output (a context when there are several outputs), or null when no
   * rule matches and there is no default. Multi-hit policies: a list of outputs, or the aggregate.
   * Unknown when a rule's match depends on a missing input and the hit policy is not yet decided.
   */
  value: FeelValue;
  /** 0-based indexes of the rules that matched (definitely), in rule order. */
  matched: number[];
  /**
   * Set when DMN calls the situation an error (UNIQUE with several hits, ANY with different
   * outputs, a value outside inputValues/outputValues); `value` is then null. German text.
   */
  error?: string;
}
