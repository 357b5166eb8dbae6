/**
 * The DMN model as read from DMN 1.1–1.5 XML: the decision requirement graph (input data,
 * decisions, business knowledge models, decision services), item definitions and the boxed
 * expressions that carry the decision logic. Plain data, no behaviour: evaluate.ts interprets it,
 * and the rule-pack compiler can turn a decision's `expression` (a literal expression or a
 * DecisionTableDef) into a rule of a pack.
 */
import type { DecisionTableDef } from '../decision-table/index.ts';

/** Where an element sits in the DMN XML, for messages. */
export interface DmnSource {
  file: string;
  /** Element id, since the XML reader keeps no line numbers of elements. */
  id?: string;
}

export type DmnVersion = '1.1' | '1.2' | '1.3' | '1.4' | '1.5' | 'unknown';

/** A reference to a type: a FEEL type name, an item definition name, or `import.name`. */
export type TypeRefName = string;

export interface ItemDefinition {
  name: string;
  /** Base type when the definition restricts or renames another type. */
  typeRef?: TypeRefName;
  isCollection: boolean;
  /** FEEL unary tests the value (for a collection: each element) must satisfy (DMN `allowedValues`). */
  allowedValues?: string;
  /** Structured type: the components of a context. */
  components: ItemDefinition[];
  /** A function type (`functionItem`): parameter and result types. */
  functionItem?: { parameters: { name: string; typeRef?: TypeRefName }[]; outputTypeRef?: TypeRefName };
}

export interface DmnRequirements {
  /** ids (or `namespace#id` for imported elements) of required input data */
  inputs: string[];
  /** ids of required decisions */
  decisions: string[];
  /** ids of required business knowledge models and decision services */
  knowledge: string[];
}

export interface InputDataNode {
  kind: 'inputData';
  id: string;
  name: string;
  typeRef?: TypeRefName;
  description?: string;
}

export interface DecisionNode {
  kind: 'decision';
  id: string;
  name: string;
  typeRef?: TypeRefName;
  description?: string;
  question?: string;
  requires: DmnRequirements;
  /** The decision logic; null for a decision without logic (DMN conformance level 1). */
  expression: BoxedExpression | null;
}

export interface BkmNode {
  kind: 'bkm';
  id: string;
  name: string;
  typeRef?: TypeRefName;
  requires: DmnRequirements;
  /** The encapsulated logic: parameters and body. */
  logic: FunctionDefinitionExpr | null;
}

export interface DecisionServiceNode {
  kind: 'decisionService';
  id: string;
  name: string;
  typeRef?: TypeRefName;
  outputDecisions: string[];
  encapsulatedDecisions: string[];
  inputDecisions: string[];
  inputData: string[];
}

export type DrgElement = InputDataNode | DecisionNode | BkmNode | DecisionServiceNode;

export interface LiteralExpr {
  kind: 'literal';
  text: string;
  typeRef?: TypeRefName;
}

export interface DecisionTableExpr {
  kind: 'decisionTable';
  def: DecisionTableDef;
  typeRef?: TypeRefName;
  /** typeRef of each input expression and output column (DMN type checks). */
  inputTypeRefs: (TypeRefName | undefined)[];
  outputTypeRefs: (TypeRefName | undefined)[];
}

export interface ContextExpr {
  kind: 'context';
  /** Entries in order; an entry without name is the context's result ("final result" row). */
  entries: { name: string | null; typeRef?: TypeRefName; value: BoxedExpression | null }[];
  typeRef?: TypeRefName;
}

export interface InvocationExpr {
  kind: 'invocation';
  /** FEEL text that yields the function, usually the name of a business knowledge model. */
  function: string;
  bindings: { name: string; value: BoxedExpression | null }[];
  typeRef?: TypeRefName;
}

export interface ListExpr {
  kind: 'list';
  items: (BoxedExpression | null)[];
  typeRef?: TypeRefName;
}

export interface RelationExpr {
  kind: 'relation';
  columns: string[];
  rows: (BoxedExpression | null)[][];
  typeRef?: TypeRefName;
}

export interface FunctionDefinitionExpr {
  kind: 'function';
  /** FEEL, or Java/PMML (not executable here). */
  functionKind: string;
  parameters: { name: string; typeRef?: TypeRefName }[];
  body: BoxedExpression | null;
  typeRef?: TypeRefName;
}

export interface ConditionalExpr {
  kind: 'conditional';
  if: BoxedExpression | null;
  then: BoxedExpression | null;
  else: BoxedExpression | null;
  typeRef?: TypeRefName;
}

export interface FilterExpr {
  kind: 'filter';
  in: BoxedExpression | null;
  match: BoxedExpression | null;
  typeRef?: TypeRefName;
}

export interface IteratorExpr {
  kind: 'for' | 'some' | 'every';
  variable: string;
  in: BoxedExpression | null;
  /** `return` of a for, `satisfies` of some/every. */
  body: BoxedExpression | null;
  typeRef?: TypeRefName;
}

export type BoxedExpression =
  | LiteralExpr
  | DecisionTableExpr
  | ContextExpr
  | InvocationExpr
  | ListExpr
  | RelationExpr
  | FunctionDefinitionExpr
  | ConditionalExpr
  | FilterExpr
  | IteratorExpr;

export interface DmnImport {
  /** The name under which the imported elements are visible, e.g. `myimport.Say Hello`. */
  name: string;
  namespace: string;
  importType: string;
  locationURI?: string;
}

export interface DmnModel {
  name: string;
  namespace: string;
  version: DmnVersion;
  fileName: string;
  imports: DmnImport[];
  itemDefinitions: ItemDefinition[];
  inputData: InputDataNode[];
  decisions: DecisionNode[];
  businessKnowledgeModels: BkmNode[];
  decisionServices: DecisionServiceNode[];
  /** Models imported by this one, by namespace (filled by `parseDmn`'s `imports` option). */
  importedModels: Map<string, DmnModel>;
}
