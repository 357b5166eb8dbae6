import { describe, expect, it } from 'vitest';
import { AmtsklarError } from '../../common/index.ts';
import { Decimal } from '../decimal.ts';
import { valueToString } from '../feel/index.ts';
import { checkDmn, evaluateDecision, evaluateDecisionService, parseDmn } from './index.ts';

const NS15 = 'https://www.omg.org/spec/DMN/20230324/MODEL/';

function model(body: string, ns = NS15, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${ns}" ${extra} namespace="urn:amtsklar:test" name="Test" id="defs">
${body}
</definitions>`;
}

const WOHNGELD = model(`
  <itemDefinition name="tMietenstufe"><typeRef>string</typeRef><allowedValues><text>"I","II","III"</text></allowedValues></itemDefinition>
  <itemDefinition name="tHaushalt">
    <itemComponent name="Personen"><typeRef>number</typeRef></itemComponent>
    <itemComponent name="Mietenstufe"><typeRef>tMietenstufe</typeRef></itemComponent>
  </itemDefinition>
  <inputData id="hh" name="Haushalt"><variable name="Haushalt" typeRef="tHaushalt"/></inputData>
  <inputData id="miete" name="Monatliche Miete"><variable name="Monatliche Miete" typeRef="number"/></inputData>
  <decision id="hb" name="Höchstbetrag">
    <variable name="Höchstbetrag" typeRef="number"/>
    <informationRequirement><requiredInput href="#hh"/></informationRequirement>
    <decisionTable hitPolicy="UNIQUE">
      <input label="Personen"><inputExpression typeRef="number"><text>Haushalt.Personen</text></inputExpression></input>
      <input label="Stufe"><inputExpression typeRef="string"><text>Haushalt.Mietenstufe</text></inputExpression></input>
      <output name="Betrag"/>
      <rule><inputEntry><text>1</text></inputEntry><inputEntry><text>"I"</text></inputEntry><outputEntry><text>382</text></outputEntry></rule>
      <rule><inputEntry><text>1</text></inputEntry><inputEntry><text>"II","III"</text></inputEntry><outputEntry><text>424</text></outputEntry></rule>
      <rule><inputEntry><text>&gt;= 2</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>520</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <businessKnowledgeModel id="kappung" name="Kappung">
    <variable name="Kappung"/>
    <encapsulatedLogic>
      <formalParameter name="Miete" typeRef="number"/>
      <formalParameter name="Grenze" typeRef="number"/>
      <literalExpression><text>min(Miete, Grenze)</text></literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="zm" name="Zu berücksichtigende Miete">
    <variable name="Zu berücksichtigende Miete" typeRef="number"/>
    <informationRequirement><requiredInput href="#miete"/></informationRequirement>
    <informationRequirement><requiredDecision href="#hb"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="#kappung"/></knowledgeRequirement>
    <invocation>
      <literalExpression><text>Kappung</text></literalExpression>
      <binding><parameter name="Miete"/><literalExpression><text>Monatliche Miete</text></literalExpression></binding>
      <binding><parameter name="Grenze"/><literalExpression><text>Höchstbetrag</text></literalExpression></binding>
    </invocation>
  </decision>
  <decision id="bericht" name="Bericht">
    <variable name="Bericht"/>
    <informationRequirement><requiredDecision href="#zm"/></informationRequirement>
    <context>
      <contextEntry><variable name="Miete"/><literalExpression><text>Zu berücksichtigende Miete</text></literalExpression></contextEntry>
      <contextEntry><variable name="Gerundet"/><literalExpression><text>round half up(Miete / 3, 2)</text></literalExpression></contextEntry>
    </context>
  </decision>
  <decisionService id="svc" name="Mietdienst">
    <variable name="Mietdienst"/>
    <outputDecision href="#zm"/>
    <encapsulatedDecision href="#hb"/>
    <inputData href="#hh"/>
    <inputData href="#miete"/>
  </decisionService>
`);

const inputs = { Haushalt: { Personen: 1, Mietenstufe: 'II' }, 'Monatliche Miete': 500 };

describe('DMN import', () => {
  it('reads the decision requirement graph and its boxed expressions', () => {
    const m = parseDmn(WOHNGELD, 'wohngeld.dmn');
    expect(m.version).toBe('1.5');
    expect(m.decisions.map((d) => d.name)).toEqual(['Höchstbetrag', 'Zu berücksichtigende Miete', 'Bericht']);
    const hb = m.decisions[0]!;
    expect(hb.requires.inputs).toEqual(['hh']);
    expect(hb.expression?.kind).toBe('decisionTable');
    if (hb.expression?.kind === 'decisionTable') {
      expect(hb.expression.def.hitPolicy).toBe('UNIQUE');
      expect(hb.expression.def.rules[1]!.inputEntries).toEqual(['1', '"II","III"']);
    }
    expect(m.itemDefinitions.find((d) => d.name === 'tHaushalt')?.components.map((c) => c.name)).toEqual(['Personen', 'Mietenstufe']);
    expect(checkDmn(m)).toEqual([]);
  });

  it('evaluates decisions through tables, BKM invocations and contexts', () => {
    const m = parseDmn(WOHNGELD, 'wohngeld.dmn');
    expect(valueToString(evaluateDecision(m, 'Höchstbetrag', inputs))).toBe('424');
    expect(valueToString(evaluateDecision(m, 'Zu berücksichtigende Miete', inputs))).toBe('424');
    expect(valueToString(evaluateDecision(m, 'Bericht', inputs))).toBe('{Miete: 424, Gerundet: 141.33}');
    expect(valueToString(evaluateDecisionService(m, 'Mietdienst', { ...inputs, 'Monatliche Miete': 300 }))).toBe('300');
  });

  it('coerces inputs to their item definitions: a value outside allowedValues is null', () => {
    const m = parseDmn(WOHNGELD, 'wohngeld.dmn');
    const errors: string[] = [];
    expect(evaluateDecision(m, 'Höchstbetrag', { Haushalt: { Personen: 1, Mietenstufe: 'IX' } }, { errors })).toBeNull();
    expect(errors.join()).toMatch(/Eingabe „Haushalt“ passt nicht zum Typ tHaushalt/);
    expect(evaluateDecision(m, 'Monatliche Miete', {})).toBeNull();
  });

  it('reports UNIQUE violations as errors with a null result', () => {
    const m = parseDmn(WOHNGELD.replace('&gt;= 2', '&gt;= 1'), 'wohngeld.dmn');
    const errors: string[] = [];
    expect(evaluateDecision(m, 'Höchstbetrag', inputs, { errors })).toBeNull();
    expect(errors.join()).toMatch(/mehr als eine Regel trifft zu/);
  });

  it('reads DMN 1.1 namespaces and prefixed elements', () => {
    const xml = `<semantic:definitions xmlns:semantic="http://www.omg.org/spec/DMN/20151101/dmn.xsd" namespace="urn:x" name="Alt">
      <semantic:decision id="d" name="Ergebnis"><semantic:variable name="Ergebnis" typeRef="feel:number"/>
        <semantic:literalExpression><semantic:text>1 + 1</semantic:text></semantic:literalExpression></semantic:decision>
    </semantic:definitions>`;
    const m = parseDmn(xml, 'alt.dmn');
    expect(m.version).toBe('1.1');
    expect(evaluateDecision(m, 'Ergebnis', {})).toEqual(new Decimal(2));
  });

  it('lists FEEL syntax errors of the model without failing the import', () => {
    const m = parseDmn(model('<decision id="d" name="Kaputt"><literalExpression><text>1 + (2</text></literalExpression></decision>'), 'kaputt.dmn');
    expect(checkDmn(m)).toEqual(['Entscheidung „Kaputt“: unerwartetes Ende des Ausdrucks']);
    expect(evaluateDecision(m, 'Kaputt', {})).toBeNull();
  });

  it('rejects malformed XML with file and line', () => {
    try {
      parseDmn('<definitions>\n  <decision name="a">\n</definitions>', 'regeln/miete.dmn');
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(AmtsklarError);
      expect((e as AmtsklarError).code).toBe('invalid_pack');
      expect((e as AmtsklarError).message).toMatch(/regeln\/miete.dmn .*Zeile 3/);
    }
    expect(() => parseDmn('<html/>', 'x.dmn')).toThrow(/Wurzelelement <definitions> erwartet/);
  });

  it('links imported models by namespace and exposes them under the import name', () => {
    const lib = `<definitions xmlns="${NS15}" namespace="urn:lib" name="Lib">
      <businessKnowledgeModel id="gruss" name="Gruß"><variable name="Gruß"/>
        <encapsulatedLogic><formalParameter name="n"/><literalExpression><text>"Hallo " + n</text></literalExpression></encapsulatedLogic>
      </businessKnowledgeModel></definitions>`;
    const main = model(`<import namespace="urn:lib" name="lib" importType="${NS15}"/>
      <decision id="d" name="Text"><variable name="Text"/>
        <knowledgeRequirement><requiredKnowledge href="urn:lib#gruss"/></knowledgeRequirement>
        <literalExpression><text>lib.Gruß("Welt")</text></literalExpression></decision>`);
    const m = parseDmn(main, 'main.dmn', { imports: [parseDmn(lib, 'lib.dmn')] });
    expect(evaluateDecision(m, 'Text', {})).toBe('Hallo Welt');
  });
});
