/** DMN XML (1.1–1.5) → DmnModel. */
import { AmtsklarError } from '../../common/index.ts';
import type { Aggregation, DecisionTableDef, HitPolicy } from '../decision-table/index.ts';
import type {
  BkmNode,
  BoxedExpression,
  DecisionNode,
  DecisionServiceNode,
  DmnImport,
  DmnModel,
  DmnRequirements,
  DmnVersion,
  FunctionDefinitionExpr,
  InputDataNode,
  ItemDefinition,
} from './model.ts';
import { child, childrenNamed, parseXml, textOf, type XNode } from './xml.ts';

const VERSIONS: Record<string, DmnVersion> = {
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd': '1.1',
  'http://www.omg.org/spec/DMN/20180521/MODEL/': '1.2',
  'https://www.omg.org/spec/DMN/20191111/MODEL/': '1.3',
  'https://www.omg.org/spec/DMN/20211108/MODEL/': '1.4',
  'https://www.omg.org/spec/DMN/20230324/MODEL/': '1.5',
};

const EXPRESSION_ELEMENTS = new Set(['literalExpression', 'decisionTable', 'context', 'invocation', 'list', 'relation', 'functionDefinition', 'conditional', 'filter', 'for', 'some', 'every']);
const HIT_POLICIES = new Set(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);
const AGGREGATIONS = new Set(['SUM', 'MIN', 'MAX', 'COUNT']);

class Reader {
  constructor(
    readonly file: string,
    readonly namespace: string,
  ) {}

  fail(n: XNode, message: string): never {
    const at = n.attrs.id ? ` (Element ${n.attrs.id})` : '';
    throw new AmtsklarError('invalid_pack', `DMN-Datei ${this.file}${at}: ${message}`, [{ path: `${this.file}#${n.attrs.id ?? n.name}`, message }]);
  }

  /** `#id` → id; `namespace#id` → id within this model, else kept whole for an imported element. */
  href(n: XNode | undefined): string | null {
    const h = n?.attrs.href;
    if (!h) return null;
    const i = h.indexOf('#');
    if (i < 0) return h;
    const ns = h.slice(0, i);
    return ns === '' || ns === this.namespace ? h.slice(i + 1) : h;
  }

  hrefs(parent: XNode, wrapper: string, inner: string): string[] {
    const out: string[] = [];
    for (const w of childrenNamed(parent, wrapper)) {
      const id = this.href(child(w, inner));
      if (id) out.push(id);
    }
    return out;
  }

  requirements(n: XNode): DmnRequirements {
    return {
      inputs: this.hrefs(n, 'informationRequirement', 'requiredInput'),
      decisions: this.hrefs(n, 'informationRequirement', 'requiredDecision'),
      knowledge: this.hrefs(n, 'knowledgeRequirement', 'requiredKnowledge'),
    };
  }

  typeRefOf(n: XNode): string | undefined {
    const v = child(n, 'variable');
    return v?.attrs.typeRef ?? n.attrs.typeRef;
  }

  nameOf(n: XNode): string {
    const name = n.attrs.name ?? child(n, 'variable')?.attrs.name;
    if (!name) this.fail(n, `Element <${n.name}> ohne Namen`);
    return name.trim();
  }

  expressionIn(n: XNode | undefined): BoxedExpression | null {
    if (!n) return null;
    const e = n.children.find((c) => EXPRESSION_ELEMENTS.has(c.name));
    return e ? this.expression(e) : null;
  }

  expression(e: XNode): BoxedExpression {
    const typeRef = e.attrs.typeRef;
    switch (e.name) {
      case 'literalExpression':
        return { kind: 'literal', text: textOf(e) ?? '', typeRef };
      case 'decisionTable':
        return this.decisionTable(e);
      case 'context':
        return {
          kind: 'context',
          typeRef,
          entries: childrenNamed(e, 'contextEntry').map((ce) => {
            const v = child(ce, 'variable');
            return { name: v?.attrs.name?.trim() ?? null, typeRef: v?.attrs.typeRef, value: this.expressionIn(ce) };
          }),
        };
      case 'invocation': {
        const fn = e.children.find((c) => EXPRESSION_ELEMENTS.has(c.name));
        return {
          kind: 'invocation',
          typeRef,
          function: fn && fn.name === 'literalExpression' ? (textOf(fn) ?? '') : '',
          bindings: childrenNamed(e, 'binding').map((b) => ({ name: child(b, 'parameter')?.attrs.name?.trim() ?? '', value: this.expressionIn(b) })),
        };
      }
      case 'list':
        return { kind: 'list', typeRef, items: e.children.filter((c) => EXPRESSION_ELEMENTS.has(c.name)).map((c) => this.expression(c)) };
      case 'relation':
        return {
          kind: 'relation',
          typeRef,
          columns: childrenNamed(e, 'column').map((c) => c.attrs.name?.trim() ?? ''),
          rows: childrenNamed(e, 'row').map((r) => r.children.filter((c) => EXPRESSION_ELEMENTS.has(c.name)).map((c) => this.expression(c))),
        };
      case 'functionDefinition':
        return this.functionDefinition(e);
      case 'conditional':
        return {
          kind: 'conditional',
          typeRef,
          if: this.expressionIn(child(e, 'if')),
          then: this.expressionIn(child(e, 'then')),
          else: this.expressionIn(child(e, 'else')),
        };
      case 'filter':
        return { kind: 'filter', typeRef, in: this.expressionIn(child(e, 'in')), match: this.expressionIn(child(e, 'match')) };
      case 'for':
      case 'some':
      case 'every':
        return {
          kind: e.name,
          typeRef,
          variable: e.attrs.iteratorVariable?.trim() ?? '',
          in: this.expressionIn(child(e, 'in')),
          body: this.expressionIn(child(e, e.name === 'for' ? 'return' : 'satisfies')),
        };
      default:
        return this.fail(e, `Ausdruck <${e.name}> wird nicht unterstützt`);
    }
  }

  functionDefinition(e: XNode): FunctionDefinitionExpr {
    return {
      kind: 'function',
      typeRef: e.attrs.typeRef,
      functionKind: e.attrs.kind ?? 'FEEL',
      parameters: childrenNamed(e, 'formalParameter').map((p) => ({ name: p.attrs.name?.trim() ?? '', typeRef: p.attrs.typeRef })),
      body: this.expressionIn(e),
    };
  }

  decisionTable(e: XNode): BoxedExpression {
    const hp = (e.attrs.hitPolicy ?? 'UNIQUE').trim().toUpperCase();
    if (!HIT_POLICIES.has(hp)) this.fail(e, `unbekannte Hit-Policy „${hp}“`);
    const agg = e.attrs.aggregation?.trim().toUpperCase();
    if (agg !== undefined && !AGGREGATIONS.has(agg)) this.fail(e, `unbekannte Aggregation „${agg}“`);
    const inputs = childrenNamed(e, 'input');
    const outputs = childrenNamed(e, 'output');
    const def: DecisionTableDef = {
      id: e.attrs.id ?? e.attrs.outputLabel ?? 'Entscheidungstabelle',
      hitPolicy: hp as HitPolicy,
      inputs: inputs.map((i) => {
        const ie = child(i, 'inputExpression');
        const iv = textOf(child(i, 'inputValues'));
        return { expression: textOf(ie) ?? '', label: i.attrs.label, ...(iv && iv.trim() ? { inputValues: iv } : {}) };
      }),
      outputs: outputs.map((o) => {
        const ov = textOf(child(o, 'outputValues'));
        const dflt = textOf(child(o, 'defaultOutputEntry'));
        return {
          name: o.attrs.name?.trim() ?? (outputs.length === 1 ? e.attrs.outputLabel : undefined),
          label: o.attrs.label,
          ...(ov && ov.trim() ? { outputValues: ov } : {}),
          ...(dflt && dflt.trim() ? { defaultOutputEntry: dflt } : {}),
        };
      }),
      rules: childrenNamed(e, 'rule').map((r) => {
        const annotation = childrenNamed(r, 'annotationEntry').map((a) => textOf(a) ?? '').join(' ').trim() || textOf(child(r, 'description'));
        return {
          id: r.attrs.id,
          inputEntries: childrenNamed(r, 'inputEntry').map((c) => textOf(c) ?? '-'),
          outputEntries: childrenNamed(r, 'outputEntry').map((c) => textOf(c) ?? 'null'),
          ...(annotation ? { annotation } : {}),
        };
      }),
    };
    if (agg) def.aggregation = agg as Aggregation;
    return {
      kind: 'decisionTable',
      def,
      typeRef: e.attrs.typeRef,
      inputTypeRefs: inputs.map((i) => child(i, 'inputExpression')?.attrs.typeRef),
      outputTypeRefs: outputs.map((o) => o.attrs.typeRef),
    };
  }

  itemDefinition(n: XNode): ItemDefinition {
    const fi = child(n, 'functionItem');
    const allowed = textOf(child(n, 'allowedValues'));
    const typeRef = child(n, 'typeRef')?.text.trim() ?? n.attrs.typeRef;
    return {
      name: n.attrs.name?.trim() ?? '',
      ...(typeRef ? { typeRef } : {}),
      isCollection: n.attrs.isCollection === 'true',
      ...(allowed && allowed.trim() ? { allowedValues: allowed } : {}),
      components: childrenNamed(n, 'itemComponent').map((c) => this.itemDefinition(c)),
      ...(fi
        ? {
            functionItem: {
              parameters: childrenNamed(fi, 'parameters').map((p) => ({ name: p.attrs.name?.trim() ?? '', typeRef: p.attrs.typeRef })),
              outputTypeRef: fi.attrs.outputTypeRef,
            },
          }
        : {}),
    };
  }
}

/** Reads DMN XML into a model; imported models (by namespace) are linked when given. */
export function readDmn(xml: string, fileName: string, imports: readonly DmnModel[] = []): DmnModel {
  const root = parseXml(xml, fileName);
  if (root.name !== 'definitions') {
    throw new AmtsklarError('invalid_pack', `DMN-Datei ${fileName}: Wurzelelement <definitions> erwartet, nicht <${root.name}>`, [{ path: `${fileName}:1:1`, message: 'kein DMN-Modell' }]);
  }
  const namespace = root.attrs.namespace ?? '';
  const r = new Reader(fileName, namespace);
  // the XML reader drops namespace declarations; the DMN model namespaces are distinct URIs
  const version = Object.entries(VERSIONS).find(([uri]) => xml.includes(`"${uri}"`))?.[1] ?? 'unknown';
  const dmnImports: DmnImport[] = childrenNamed(root, 'import').map((i) => ({
    name: i.attrs.name?.trim() ?? '',
    namespace: i.attrs.namespace ?? '',
    importType: i.attrs.importType ?? '',
    ...(i.attrs.locationURI ? { locationURI: i.attrs.locationURI } : {}),
  }));
  const inputData: InputDataNode[] = childrenNamed(root, 'inputData').map((n) => ({
    kind: 'inputData',
    id: n.attrs.id ?? r.nameOf(n),
    name: r.nameOf(n),
    typeRef: r.typeRefOf(n),
    ...(textOf(child(n, 'description')) ? { description: textOf(child(n, 'description'))!.trim() } : {}),
  }));
  const decisions: DecisionNode[] = childrenNamed(root, 'decision').map((n) => ({
    kind: 'decision',
    id: n.attrs.id ?? r.nameOf(n),
    name: r.nameOf(n),
    typeRef: r.typeRefOf(n),
    ...(textOf(child(n, 'description')) ? { description: textOf(child(n, 'description'))!.trim() } : {}),
    ...(textOf(child(n, 'question')) ? { question: textOf(child(n, 'question'))!.trim() } : {}),
    requires: r.requirements(n),
    expression: r.expressionIn(n),
  }));
  const bkms: BkmNode[] = childrenNamed(root, 'businessKnowledgeModel').map((n) => {
    const logic = child(n, 'encapsulatedLogic');
    return {
      kind: 'bkm',
      id: n.attrs.id ?? r.nameOf(n),
      name: r.nameOf(n),
      typeRef: r.typeRefOf(n),
      requires: r.requirements(n),
      logic: logic ? r.functionDefinition(logic) : null,
    };
  });
  const services: DecisionServiceNode[] = childrenNamed(root, 'decisionService').map((n) => {
    const refs = (name: string): string[] => childrenNamed(n, name).map((c) => r.href(c)).filter((x): x is string => x !== null);
    return {
      kind: 'decisionService',
      id: n.attrs.id ?? r.nameOf(n),
      name: r.nameOf(n),
      typeRef: r.typeRefOf(n),
      outputDecisions: refs('outputDecision'),
      encapsulatedDecisions: refs('encapsulatedDecision'),
      inputDecisions: refs('inputDecision'),
      inputData: refs('inputData'),
    };
  });
  const importedModels = new Map<string, DmnModel>();
  for (const imp of dmnImports) {
    const m = imports.find((x) => x.namespace === imp.namespace);
    if (m) importedModels.set(imp.namespace, m);
  }
  return {
    name: root.attrs.name ?? fileName,
    namespace,
    version,
    fileName,
    imports: dmnImports,
    itemDefinitions: childrenNamed(root, 'itemDefinition').map((n) => r.itemDefinition(n)),
    inputData,
    decisions,
    businessKnowledgeModels: bkms,
    decisionServices: services,
    importedModels,
  };
}
