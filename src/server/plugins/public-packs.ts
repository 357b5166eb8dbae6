import type { FastifyInstance } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import { decide, explain, refuseUndeclaredInputs, requiredEvidence, whatIf, type Decision, type InputDef, type Pack } from '../../engine/index.ts';
import { loadInstalledPacks } from '../../pack-files/index.ts';
import { getSettings } from '../../store/index.ts';
import type { ServerContext } from '../context.ts';
import { underAntrag } from './applications.ts';
import { EXPLANATION_SCHEMA } from './explanation-schema.ts';

const tags = ['Rechner und Antragsformular (öffentlich)'];
const PACK_PARAMS = { type: 'object', required: ['packId'], additionalProperties: false, properties: { packId: { type: 'string', pattern: '^[a-z0-9-]{1,100}$', description: 'Regelwerk, z. B. „wohngeld“' } } } as const;
const ANTRAG = { type: 'object', description: 'Angaben im Eingabeformat des Regelwerks (siehe GET /api/public/packs/{packId}); nichts davon wird gespeichert. Felder, die das Regelwerk nicht vorsieht, werden mit 400 abgelehnt.' } as const;

/** One field of an application as the form shows it; lists and contexts nest (depth-limited for the schema). */
function formInputSchema(depth: number): object {
  const nested = depth > 0 ? { items: formInputSchema(depth - 1), fields: { type: 'array', items: formInputSchema(depth - 1) } } : {};
  return {
    type: 'object',
    required: ['name', 'type', 'question', 'norm', 'required'],
    properties: {
      name: { type: 'string' },
      type: { type: 'string', enum: ['string', 'boolean', 'integer', 'number', 'money', 'date', 'list', 'context'] },
      question: { type: 'string', description: 'Frage an die antragstellende Person; {#} ist die Nummer des Listeneintrags, {feld} ein Wert desselben Eintrags' },
      norm: { type: 'string' },
      description: { type: 'string' },
      required: { type: 'boolean', description: 'ohne Vorgabewert: fehlt die Angabe, fragt das Regelwerk nach, wenn das Ergebnis von ihr abhängt' },
      default: {},
      enum: { type: 'array', items: {} },
      minimum: { type: 'string' },
      maximum: { type: 'string' },
      pattern: { type: 'string' },
      minItems: { type: 'integer' },
      maxItems: { type: 'integer' },
      label: { type: 'string', description: 'Name eines Listeneintrags, z. B. „Haushaltsmitglied {id}“' },
      short: { type: 'string' },
      sensitive: { type: 'string', description: 'besondere Kategorie personenbezogener Daten' },
      ...nested,
    },
  };
}


export const PUBLIC_PACK_RESPONSE = {
  type: 'object',
  required: ['id', 'title', 'description', 'release', 'coverage', 'asOfInput', 'mainOutput', 'hasDiscretionPoints', 'inputs', 'checklist', 'discretionPoints', 'inputSchema'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    release: { type: 'string' },
    coverage: { type: 'object', required: ['validFrom', 'validTo'], properties: { validFrom: { type: 'string' }, validTo: { type: ['string', 'null'] }, message: { type: 'string' } } },
    asOfInput: { type: 'string' },
    mainOutput: { type: 'string' },
    hasDiscretionPoints: { type: 'boolean' },
    inputs: { type: 'array', items: formInputSchema(4) },
    checklist: { type: 'array', items: { type: 'object', required: ['id', 'label', 'norm'], properties: { id: { type: 'string' }, label: { type: 'string' }, norm: { type: 'string' }, conditional: { type: 'boolean' } } } },
    discretionPoints: { type: 'array', items: { type: 'object', required: ['id', 'label', 'norm'], properties: { id: { type: 'string' }, label: { type: 'string' }, norm: { type: 'string' } } } },
    inputSchema: { type: 'object', additionalProperties: true },
  },
} as const;

const CALCULATION_RESPONSE = {
  type: 'object',
  required: ['pack', 'release', 'asOf', 'outcome', 'mainOutput', 'mainValue', 'values', 'reasons', 'missing', 'discretion', 'explanation', 'evidence'],
  properties: {
    pack: { type: 'string' },
    release: { type: 'string' },
    asOf: { type: ['string', 'null'] },
    outcome: { type: 'string', enum: ['decided', 'missing_inputs', 'needs_human'] },
    mainOutput: { type: 'string' },
    mainValue: {},
    values: { type: 'object', additionalProperties: true },
    reasons: { type: 'array', items: { type: 'object', required: ['norm', 'text'], properties: { norm: { type: 'string' }, text: { type: 'string' } } } },
    missing: { type: 'array', items: { type: 'object', required: ['input', 'question'], properties: { input: { type: 'string' }, question: { type: 'string' }, norm: { type: 'string' } } } },
    discretion: {
      type: 'array',
      items: {
        type: 'object',
        required: ['point', 'norm', 'why', 'options', 'provisional'],
        properties: { point: { type: 'string' }, norm: { type: 'string' }, why: { type: 'string' }, provisional: { type: 'string' }, options: { type: 'array', items: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'string' }, label: { type: 'string' } } } } },
      },
    },
    explanation: EXPLANATION_SCHEMA,
    evidence: { type: 'array', items: { type: 'object', required: ['id', 'label', 'norm'], properties: { id: { type: 'string' }, label: { type: 'string' }, norm: { type: 'string' } } } },
  },
} as const;

const WHAT_IF_RESPONSE = {
  type: 'object',
  required: ['path', 'output', 'current', 'outputNow', 'boundaries', 'sentences'],
  properties: {
    path: { type: 'string' },
    output: { type: 'string' },
    current: { type: 'string' },
    outputNow: {},
    boundaries: { type: 'array', items: { type: 'object', required: ['direction', 'at', 'outputThere'], properties: { direction: { type: 'string', enum: ['up', 'down'] }, at: { type: 'string' }, outputThere: {} } } },
    sentences: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** The form's view of an input: no source positions, decimals as text. */
function formInput(d: InputDef): Record<string, unknown> {
  return {
    name: d.name,
    type: d.type,
    question: d.question,
    norm: d.norm,
    required: !d.hasDefault,
    ...(d.description ? { description: d.description } : {}),
    ...(d.hasDefault ? { default: d.default ?? null } : {}),
    ...(d.enum ? { enum: d.enum } : {}),
    ...(d.minimum !== undefined ? { minimum: d.minimum.toFixed() } : {}),
    ...(d.maximum !== undefined ? { maximum: d.maximum.toFixed() } : {}),
    ...(d.pattern ? { pattern: d.pattern } : {}),
    ...(d.minItems !== undefined ? { minItems: d.minItems } : {}),
    ...(d.maxItems !== undefined ? { maxItems: d.maxItems } : {}),
    ...(d.label ? { label: d.label } : {}),
    ...(d.short ? { short: d.short } : {}),
    ...(d.sensitive ? { sensitive: d.sensitive } : {}),
    ...(d.items ? { items: formInput(d.items) } : {}),
    ...(d.fields ? { fields: d.fields.map(formInput) } : {}),
  };
}

/**
 * The public side of every rule pack, without login and without storing anything: what a
 * service asks (the application form is generated from it), a calculation with the
 * citizen's explanation, and the what-if boundary („Ab welchem Einkommen nicht mehr?").
 * The engine decides exactly as for a real application; only nothing is kept.
 */
export async function publicPacksPlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;
  const registry = () => loadInstalledPacks(process.env.AMTSKLAR_PACKS_DIR || undefined);
  const calcPerMinute = Math.max(10, Math.floor(ctx.config.rateLimitPerMinute / 10));
  const whatIfPerMinute = Math.max(5, Math.floor(ctx.config.rateLimitPerMinute / 20));

  /** The release new applications of this municipality are decided with. */
  const packFor = async (packId: string): Promise<Pack> => {
    const info = ctx.cases.engine.packs().find((p) => p.id === packId);
    if (!info) throw new AmtsklarError('not_found', `Die Leistung „${packId}“ gibt es hier nicht.`, [{ path: '$.packId', message: 'unbekanntes Regelwerk' }]);
    const settings = await getSettings(ctx.db, ctx.config.defaultMunicipality);
    const release = settings?.packReleases[packId] ?? info.release;
    return registry().get(packId, release);
  };

  app.get(
    '/api/public/packs/:packId',
    { config: { access: 'public' }, schema: { tags, summary: 'Was eine Leistung fragt: Angaben mit Fragen und Rechtsgrundlagen, Nachweise, Ermessenspunkte', params: PACK_PARAMS, response: { 200: PUBLIC_PACK_RESPONSE } } },
    async (req) => {
      const p = await packFor((req.params as { packId: string }).packId);
      const def = p.def;
      return {
        id: p.id,
        title: p.title,
        description: p.description,
        release: p.release,
        coverage: { validFrom: def.coverage.validFrom, validTo: def.coverage.validTo, ...(def.coverageMessage ? { message: def.coverageMessage } : {}) },
        asOfInput: def.asOfInput,
        mainOutput: def.mainOutput,
        hasDiscretionPoints: p.hasDiscretionPoints,
        // The Aktenzeichen is given by the authority, never asked.
        inputs: def.inputs.filter((i) => i.name !== def.aktenzeichenInput).map(formInput),
        checklist: def.checklist.map((c) => ({ id: c.id, label: c.label, norm: c.norm, conditional: c.when !== undefined })),
        discretionPoints: def.rules
          .filter((r) => r.versions.some((v) => v.discretion))
          .map((r) => ({ id: r.id, label: r.label, norm: r.versions.find((v) => v.discretion)!.discretion!.norm })),
        inputSchema: p.inputSchema,
      };
    },
  );

  app.post(
    '/api/public/packs/:packId/calculate',
    {
      config: { access: 'public', rateLimit: { max: calcPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Unverbindlich berechnen (ohne Anmeldung, nichts wird gespeichert)',
        description: 'Entscheidet die Angaben wie einen Antrag und antwortet mit Ergebnis, fehlenden Angaben, Ermessenspunkten und der Erklärung für Bürgerinnen und Bürger. Ungültige Angaben: 400 mit deutschen Meldungen je Feld (`$.antrag…`).',
        params: PACK_PARAMS,
        body: { type: 'object', required: ['antrag'], additionalProperties: false, properties: { antrag: ANTRAG } },
        response: { 200: CALCULATION_RESPONSE },
      },
    },
    async (req) => {
      const p = await packFor((req.params as { packId: string }).packId);
      const { antrag } = req.body as { antrag: Record<string, unknown> };
      const d = await underAntrag(async () => {
        refuseUndeclaredInputs(p, antrag);
        return decide(p, antrag, { trace: true, embedRequest: false });
      });
      return calculationView(p, d, antrag);
    },
  );

  app.post(
    '/api/public/packs/:packId/what-if',
    {
      config: { access: 'public', rateLimit: { max: whatIfPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Was wäre, wenn: ab welchem Wert einer Angabe ändert sich das Ergebnis? (nichts wird gespeichert)',
        params: PACK_PARAMS,
        body: {
          type: 'object',
          required: ['antrag', 'path'],
          additionalProperties: false,
          properties: {
            antrag: ANTRAG,
            path: { type: 'string', pattern: '^\\$(\\.[a-z0-9_]+(\\[[0-9]{1,3}\\])?)+$', maxLength: 300, description: 'JSON-Pfad einer Zahl-Angabe im Antrag, z. B. $.haushaltsmitglieder[0].einkuenfte[0].brutto_monat' },
            output: { type: 'string', pattern: '^[A-Za-z0-9_]{1,100}$' },
            change: { type: 'string', enum: ['claim', 'value'] },
          },
        },
        response: { 200: WHAT_IF_RESPONSE },
      },
    },
    async (req) => {
      const p = await packFor((req.params as { packId: string }).packId);
      const b = req.body as { antrag: Record<string, unknown>; path: string; output?: string; change?: 'claim' | 'value' };
      if (b.output && !p.def.outputs.includes(b.output)) throw new AmtsklarError('invalid_input', `„${b.output}“ ist kein Ergebnis dieses Regelwerks.`, [{ path: '$.output', message: 'unbekanntes Ergebnis' }]);
      const r = await underAntrag(async () => whatIf(p, b.antrag, { path: b.path, ...(b.output ? { output: b.output } : {}), ...(b.change ? { change: b.change } : {}) }));
      return { ...r, path: b.path };
    },
  );
}

function calculationView(p: Pack, d: Decision, antrag: unknown) {
  return {
    pack: d.pack,
    release: d.packVersion,
    asOf: d.asOf,
    outcome: d.outcome,
    mainOutput: p.def.mainOutput,
    mainValue: d.values[p.def.mainOutput] ?? null,
    values: d.values,
    reasons: d.reasons,
    missing: d.missing.map((m) => ({ input: m.input, question: m.question, ...(m.norm ? { norm: m.norm } : {}) })),
    discretion: d.discretion.map((x) => ({ point: x.point, norm: x.norm, why: x.why, provisional: x.provisional, options: x.options })),
    explanation: explain(p, d, 'citizen'),
    // The evidence this application would need (the pack's checklist, conditions evaluated).
    evidence: requiredEvidence(p, antrag).map((c) => ({ id: c.id, label: c.label, norm: c.norm })),
  };
}
