import { decide, type Pack } from '../../engine/index.ts';
import { generatePopulation, type SyntheticHousehold } from '../../fairness/index.ts';
import type { PlantedError, PoolCase, PoolPurpose, SandboxPackId } from './model.ts';

/** The rule packs the sandbox decides with (the edge loads them from packs/). */
export interface SandboxPacks {
  pack(id: SandboxPackId): Pack;
}

const HOUSEHOLD_LABELS: Record<string, string> = {
  rentner_allein: 'Rentnerin oder Rentner, allein',
  rentner_paar: 'Rentnerpaar',
  erwerb_allein: 'Erwerbstätig, allein',
  alg1_allein: 'Arbeitslosengeld I, allein',
  paar_ohne_kinder: 'Paar ohne Kinder',
  alleinerziehend: 'Alleinerziehend',
  paar_mit_kindern: 'Paar mit Kindern',
  mehrgenerationen: 'Mehrgenerationenhaushalt',
  misch_transfer: 'Haushalt mit Transferleistungen',
  grossfamilie: 'Großfamilie',
};

const PURPOSE_LABELS: Record<PoolPurpose, string> = {
  decided: 'entscheidungsreif',
  discretion: 'Ermessensentscheidung nötig',
  missing: 'Angaben fehlen',
};

/** How many cases of each kind the day's pool holds, in this order. */
const PLAN: readonly [SandboxPackId, PoolPurpose, number][] = [
  ['wohngeld', 'decided', 4],
  ['wohngeld', 'discretion', 2],
  ['wohngeld', 'missing', 1],
  ['kita-beitrag', 'decided', 2],
  ['kita-beitrag', 'discretion', 2],
  ['kita-beitrag', 'missing', 1],
];

const PLANTED: readonly PlantedError[] = [
  { kind: 'betrag', description: 'Im Verfügungssatz steht ein um 17 € zu hoher Monatsbetrag.' },
  { kind: 'datum', description: 'Im Verfügungssatz endet der Zeitraum einen Monat zu spät.' },
];

/** The twelve months ending with the day's month, so every Stichtag lies in a pack's coverage. */
function months(day: string): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const fromY = m === 12 ? y : y - 1;
  const fromM = m === 12 ? 1 : m + 1;
  return { from: `${fromY}-${String(fromM).padStart(2, '0')}`, to: `${y}-${String(m).padStart(2, '0')}` };
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Candidate applications of one household for a pack and purpose (null: this household does not fit). */
function candidate(h: SyntheticHousehold, packId: SandboxPackId, purpose: PoolPurpose): Record<string, unknown> | null {
  if (packId === 'wohngeld') {
    const a = clone(h.wohngeld) as unknown as Record<string, unknown>;
    delete a.personalien;
    delete a.aktenzeichen;
    if (purpose === 'missing') {
      // One income without its amount: the engine must ask for it.
      const members = a.haushaltsmitglieder as { einkuenfte?: { brutto_monat?: string }[] }[];
      const m = members.find((x) => (x.einkuenfte?.length ?? 0) > 0);
      if (!m) return null;
      delete m.einkuenfte![0]!.brutto_monat;
    }
    return a;
  }
  if (!h.kita) return null;
  const k = clone(h.kita) as unknown as { kind: Record<string, unknown>; haertefallantrag: boolean } & Record<string, unknown>;
  delete k.aktenzeichen;
  // The child's first name is not needed for the fee and not wanted in a practice space.
  delete k.kind.vorname;
  if (purpose === 'discretion') k.haertefallantrag = true;
  if (purpose === 'missing') {
    if (k.kind.betreuungsstunden_woche === undefined) return null;
    delete k.kind.betreuungsstunden_woche;
  }
  return k;
}

const WANTED: Record<PoolPurpose, string> = { decided: 'decided', discretion: 'needs_human', missing: 'missing_inputs' };

/**
 * The day's synthetic cases from the fairness module's population generator (seeded by the
 * day, so every process makes the same pool): each chosen so the engine's outcome is the one
 * the case is there to show — decided, a discretion point for a person, or missing inputs.
 */
export function generatePool(day: string, packs: SandboxPacks, seed = `experimentierraum:${day}`): PoolCase[] {
  const need = PLAN.map(([packId, purpose, n]) => ({ packId, purpose, n, got: [] as { application: Record<string, unknown>; type: string; members: number }[] }));
  const decided = new Map<SandboxPackId, Pack>();
  const packOf = (id: SandboxPackId) => {
    let p = decided.get(id);
    if (!p) decided.set(id, (p = packs.pack(id)));
    return p;
  };
  for (const h of generatePopulation({ seed, count: 3000, personalien: false, ...months(day) })) {
    for (const slot of need) {
      if (slot.got.length >= slot.n) continue;
      const a = candidate(h, slot.packId, slot.purpose);
      if (!a) continue;
      let outcome: string;
      try {
        outcome = decide(packOf(slot.packId), a, { trace: false }).outcome;
      } catch {
        continue;
      }
      if (outcome !== WANTED[slot.purpose]) continue;
      const members = slot.packId === 'wohngeld' ? (a.haushaltsmitglieder as unknown[]).length : 1 + Number(a.weitere_unterhaltsberechtigte_kinder ?? 0);
      slot.got.push({ application: a, type: h.type, members });
      break;
    }
    if (need.every((s) => s.got.length >= s.n)) break;
  }
  const out: PoolCase[] = [];
  for (const slot of need) {
    for (const g of slot.got) {
      const no = out.length + 1;
      const what =
        slot.packId === 'wohngeld'
          ? `Wohngeld · ${HOUSEHOLD_LABELS[g.type] ?? 'Haushalt'} · ${g.members} ${g.members === 1 ? 'Person' : 'Personen'}`
          : `Kita-Beitrag · Familie mit ${g.members} ${g.members === 1 ? 'Kind' : 'Kindern'}`;
      out.push({ no, packId: slot.packId, purpose: slot.purpose, label: `Übungsfall ${no}: ${what} (${PURPOSE_LABELS[slot.purpose]})`, application: g.application, planted: PLANTED[no % PLANTED.length]! });
    }
  }
  return out;
}
