import { decide, type Decision, type InputDef, type Pack } from '../engine/index.ts';
import { runCounterfactual, type CounterfactualResult, type Outputs, type SensitiveFlip } from './counterfactual.ts';
import { WOHNGELD_FLIPS } from './population/flips.ts';
import { generatePopulation } from './population/generate.ts';
import { NAMES, type Origin } from './population/names.ts';
import type { KitaAntrag, SyntheticHousehold } from './population/types.ts';
import type { Rng } from './random.ts';

/**
 * Counterfactual tests of a rule pack with the engine: the pack's own declaration of
 * sensitive attributes (pack.yaml `sensitive_attributes`, checked statically by the
 * engine's pack check over the dependency graph) is tested dynamically. Each declared
 * attribute is flipped on generated applications and may change only the outputs the
 * declaration names; protected attributes and proxies the pack must not read at all
 * (name, nationality, salutation) may change nothing.
 */
export interface PackFairnessAdapter<I> {
  /** The pack's input for a generated household, or null when the household has none (no Kita child). */
  input: (h: SyntheticHousehold) => I | null;
  /** Flips of attributes the pack must ignore entirely. */
  protectedFlips: readonly SensitiveFlip<I>[];
}

/** Inputs and protected flips for the packs in packs/: a new pack without an entry fails its fairness test. */
export const PACK_ADAPTERS: Readonly<Record<string, PackFairnessAdapter<unknown>>> = {
  wohngeld: {
    input: (h) => h.wohngeld,
    protectedFlips: WOHNGELD_FLIPS.filter((f) => !f.mayInfluence && f.attribute !== 'alter_antragsteller') as SensitiveFlip<unknown>[],
  },
  'kita-beitrag': {
    input: (h) => h.kita,
    protectedFlips: [
      {
        attribute: 'vorname_kind',
        flip: (input, rng) => {
          const a = input as KitaAntrag;
          if (!a.kind.vorname) return null;
          const origins = (Object.keys(NAMES) as Origin[]).filter((o) => !NAMES[o].female.includes(a.kind.vorname!) && !NAMES[o].male.includes(a.kind.vorname!));
          const list = NAMES[rng.pick(origins)];
          const copy = structuredClone(a);
          copy.kind.vorname = rng.pick(rng.bernoulli(0.5) ? list.female : list.male);
          return copy;
        },
      },
    ] as SensitiveFlip<unknown>[],
  },
};

/** What a decision says, as compared by the counterfactual test (no receipt, request or trace). */
export function decisionOutputs(pack: Pack, d: Decision): Outputs {
  const out: Record<string, unknown> = {
    outcome: d.outcome,
    reasons: d.reasons.map((r) => r.norm),
    missing: d.missing.map((m) => m.input),
    discretion: d.discretion.map((p) => p.point),
  };
  for (const o of pack.outputs) out[o] = d.values[o] ?? null;
  return out;
}

/**
 * Flips for every sensitive attribute the pack declares, with the outputs it may reach.
 * The workflow outputs (outcome, missing inputs, discretion points) may change with them
 * only where the attribute may reach a decisive output — a different amount may then
 * legitimately lead to a different outcome.
 */
export function declaredFlips(pack: Pack): SensitiveFlip<unknown>[] {
  return pack.def.sensitiveAttributes.map((s) => {
    const def = inputAt(pack.def.inputs, s.input);
    if (!def) throw new Error(`${pack.id}: sensibles Merkmal „${s.input}“ ist keine Eingabe`);
    const decisive = s.mayInfluence.some((o) => pack.def.decisive.includes(o));
    return {
      attribute: s.input,
      flip: (input: unknown, rng: Rng) => flipAt(input, s.input, def, rng),
      mayInfluence: {
        outputs: decisive ? [...s.mayInfluence, 'outcome', 'missing', 'discretion'] : s.mayInfluence,
        legalBasis: s.justification,
      },
    };
  });
}

export interface PackCounterfactualOptions {
  cases?: number;
  allowFewer?: boolean;
  seed?: string | number;
  /** Replaces the adapter of PACK_ADAPTERS (test packs). */
  adapter?: PackFairnessAdapter<unknown>;
}

/** Runs the dynamic counterfactual test of a pack on generated households. */
export async function runPackCounterfactual(pack: Pack, options: PackCounterfactualOptions = {}): Promise<CounterfactualResult<unknown>> {
  const adapter = options.adapter ?? PACK_ADAPTERS[pack.id];
  if (!adapter) throw new Error(`Für das Regelwerk „${pack.id}“ gibt es keine Testeingaben (PACK_ADAPTERS in src/fairness/packs.ts)`);
  const seed = options.seed ?? pack.id;
  const inputs = {
    *[Symbol.iterator]() {
      for (const h of generatePopulation({ seed })) {
        const input = adapter.input(h);
        if (input !== null) yield input;
      }
    },
  };
  return runCounterfactual({
    suite: `${pack.id}@${pack.release}`,
    inputs,
    evaluate: (input) => decisionOutputs(pack, decide(pack, input, { trace: false, embedRequest: false })),
    flips: [...adapter.protectedFlips, ...declaredFlips(pack)],
    ...(options.cases === undefined ? {} : { cases: options.cases }),
    ...(options.allowFewer ? { allowFewer: true } : {}),
    seed,
  });
}

function inputAt(inputs: readonly InputDef[], path: string): InputDef | undefined {
  let level: readonly InputDef[] | undefined = inputs;
  let def: InputDef | undefined;
  for (const part of path.split('.')) {
    const name = part.replace(/\[\]$/, '');
    def = level?.find((d) => d.name === name);
    if (!def) return undefined;
    const inner: InputDef = part.endsWith('[]') && def.items ? def.items : def;
    level = inner.fields;
    if (part.endsWith('[]')) def = inner;
  }
  return def;
}

/**
 * Changes the value at an input path (`a.b`, `list[].field`) in a copy of the input: a
 * boolean is toggled, a date moves by 1 to 5 years (never past the asOf-like dates that
 * would make it a future birth). Returns null when the input has no value there.
 */
function flipAt(input: unknown, path: string, def: InputDef, rng: Rng): unknown {
  const copy = structuredClone(input) as Record<string, unknown>;
  // A boolean may be absent (its default applies) and still be flipped; a date must be there.
  const holders = holdersOf(copy, path.split('.'), def.type === 'boolean');
  if (holders.length === 0) return null;
  const [holder, key] = holders[rng.int(0, holders.length - 1)]!;
  const current = holder[key];
  switch (def.type) {
    case 'boolean':
      holder[key] = !(current === true);
      return copy;
    case 'date': {
      if (typeof current !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(current)) return null;
      const years = rng.int(1, 5) * (rng.bernoulli(0.5) ? -1 : 1);
      const year = Number(current.slice(0, 4)) + years;
      const moved = `${year}${current.slice(4).replace('-02-29', '-02-28')}`;
      // Keep a birth date in the past: move back instead of into the future.
      const latest = typeof copy.stichtag === 'string' ? copy.stichtag : '9999-12-31';
      holder[key] = moved > latest ? `${Number(current.slice(0, 4)) - Math.abs(years)}${current.slice(4).replace('-02-29', '-02-28')}` : moved;
      return copy;
    }
    default:
      throw new Error(`Sensibles Merkmal vom Typ ${def.type} („${path}“): keine Änderungsregel für die kontrafaktische Prüfung`);
  }
}

/** Objects and keys that hold the value at the path (several for list paths). */
function holdersOf(node: unknown, parts: string[], absentToo: boolean): [Record<string, unknown>, string][] {
  if (node === null || typeof node !== 'object') return [];
  const [head, ...rest] = parts;
  const obj = node as Record<string, unknown>;
  const name = head!.replace(/\[\]$/, '');
  if (rest.length === 0) return absentToo || (obj[name] !== null && obj[name] !== undefined) ? [[obj, name]] : [];
  const next = obj[name];
  if (head!.endsWith('[]')) return Array.isArray(next) ? next.flatMap((item) => holdersOf(item, rest, absentToo)) : [];
  return holdersOf(next, rest, absentToo);
}
