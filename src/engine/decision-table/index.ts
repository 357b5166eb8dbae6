/** Decision tables with DMN 1.5 hit policies, used by rule packs and by the DMN import. */
export type { Aggregation, DecisionTableDef, DecisionTableInput, DecisionTableOutput, DecisionTableRule, HitPolicy, TableResult } from './model.ts';
export { compileDecisionTable, type CompiledDecisionTable } from './compile.ts';
