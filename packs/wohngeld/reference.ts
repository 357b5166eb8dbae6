/**
 * An independent second implementation of the Wohngeld computation, written directly from
 * the law (WoGG §§ 11–19, Anlagen 1–3; the calculation outline of the Wohngeld brief, Anhang A)
 * in plain TypeScript, sharing nothing with the rule pack. Used only by tests, as an oracle
 * for the pack: two independent encodings of the same law must agree on every household.
 */
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40 });
type Dec = InstanceType<typeof D>;

const A = ['0.04', '0.03', '0.02', '0.01', '0', '-0.01', '-0.02', '-0.03', '-0.04', '-0.06', '-0.09', '-0.12'];
const B: Record<'2023' | '2025', string[]> = {
  '2023': ['4.991E-4', '3.716E-4', '3.035E-4', '2.251E-4', '1.985E-4', '1.792E-4', '1.657E-4', '1.648E-4', '1.432E-4', '1.300E-4', '1.188E-4', '1.152E-4'],
  '2025': ['4.797E-4', '3.571E-4', '2.917E-4', '2.163E-4', '1.907E-4', '1.722E-4', '1.592E-4', '1.583E-4', '1.376E-4', '1.249E-4', '1.141E-4', '1.107E-4'],
};
const C: Record<'2023' | '2025', string[]> = {
  '2023': ['4.620E-5', '3.450E-5', '2.780E-5', '2.000E-5', '1.950E-5', '1.880E-5', '1.870E-5', '1.870E-5', '1.880E-5', '1.880E-5', '2.220E-5', '2.510E-5'],
  '2025': ['4.080E-5', '3.040E-5', '2.450E-5', '1.760E-5', '1.720E-5', '1.660E-5', '1.650E-5', '1.650E-5', '1.660E-5', '1.660E-5', '1.960E-5', '2.210E-5'],
};
const MIN_M = { '2023': [52, 64, 76, 88, 99, 99, 111, 123, 135, 146, 180, 286], '2025': [54, 67, 79, 92, 103, 103, 115, 128, 140, 152, 187, 298] };
const MIN_Y = { '2023': [350, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2200, 2400, 2600], '2025': [396, 679, 906, 1132, 1358, 1585, 1811, 2037, 2264, 2490, 2717, 2943] };
const HOECHST = {
  '2023': [[347, 420, 501, 584, 667, 79], [392, 474, 564, 659, 752, 90], [438, 530, 631, 736, 841, 102], [491, 595, 708, 825, 944, 114], [540, 654, 778, 909, 1038, 124], [591, 716, 853, 995, 1137, 143], [651, 788, 937, 1095, 1251, 157]],
  '2025': [[361, 437, 521, 608, 694, 82], [408, 493, 587, 686, 782, 94], [456, 551, 657, 766, 875, 106], [511, 619, 737, 858, 982, 119], [562, 680, 809, 946, 1080, 129], [615, 745, 887, 1035, 1183, 149], [677, 820, 975, 1139, 1302, 163]],
};
const HEIZ = ['110.40', '142.60', '170.20', '197.80', '225.40', '27.60'];
const KLIMA = ['19.20', '24.80', '29.60', '34.40', '39.20', '4.80'];
const ZUSCHLAG = { '2023': 57, '2025': 65 };
const WK: Record<string, string> = { erwerb: '102.50', rente: '8.50', versorgung: '8.50' };
const ELTERNGELD_FREI: Record<string, string> = { elterngeld: '300', elterngeld_plus: '150' };
const UNTERHALT_CAP: Record<string, number> = { ehegatte_getrennt: 500, kind_auswaerts: 250, kind_wechselmodell: 250, sonstige: 250 };

export interface RefMember {
  id: string;
  rolle?: string;
  geburtsdatum?: string;
  ausschluss?: string | null;
  einkuenfte?: { art: string; brutto_monat: string | number }[];
  abzuege_16?: { steuern?: boolean; kranken_pflege?: boolean; rente?: boolean };
  schwerbehindert_17_nr1?: boolean;
  grundrentenzeiten_33_jahre?: boolean;
}

export interface RefAntrag {
  stichtag: string;
  mietenstufe: number;
  miete_monat: string | number;
  alleinerziehend?: boolean;
  unterhalt_gezahlt?: { empfaenger: string; betrag_monat: string | number; tituliert?: boolean }[];
  haushaltsmitglieder: RefMember[];
}

function byTable(row: (number | string)[], n: number): Dec {
  return n <= 5 ? new D(row[n - 1]!) : new D(row[4]!).plus(new D(row[5]!).times(n - 5));
}

function age(birth: string, at: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = at.split('-').map(Number) as [number, number, number];
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
}

/** M, Y and the monthly Wohngeld before the checks of §§ 20, 21 Nr. 2/3 (which the tests cover separately). */
export function referenceWohngeld(a: RefAntrag): { M: Dec; Y: Dec; wohngeld: number } {
  const law = a.stichtag >= '2025-01-01' ? '2025' : '2023';
  const rbs1 = a.stichtag >= '2024-01-01' ? 563 : 502;
  const all = a.haushaltsmitglieder;
  const counted = all.filter((m) => !m.ausschluss);
  const nAll = all.length;
  const n = counted.length;
  if (n === 0) return { M: new D(0), Y: new D(0), wohngeld: 0 };
  const nTab = Math.min(nAll, 12);
  const k = Math.min(n, 12);

  // M: §§ 11, 12 — amounts by the total number of members, then the counted share (§ 11 Abs. 3).
  const cap = byTable(HOECHST[law][a.mietenstufe - 1]!, nTab).plus(byTable(KLIMA, nTab)).times(n).div(nAll);
  const rent = new D(a.miete_monat).times(n).div(nAll);
  const M = Decimal.min(rent, cap).plus(byTable(HEIZ, nTab).times(n).div(nAll));

  // Y: §§ 13–18.
  let sum = new D(0);
  let allowances = new D(0);
  for (const m of counted) {
    const byKind = new Map<string, Dec>();
    for (const e of m.einkuenfte ?? []) byKind.set(e.art, (byKind.get(e.art) ?? new D(0)).plus(new D(e.brutto_monat)));
    let income = new D(0);
    const net = new Map<string, Dec>();
    for (const [kind, gross] of byKind) {
      // § 10 BEEG: Elterngeld up to 300 € a month (ElterngeldPlus 150 €) is not income
      const wk = WK[kind] ? Decimal.min(gross, new D(WK[kind]!)) : ELTERNGELD_FREI[kind] ? Decimal.min(gross, new D(ELTERNGELD_FREI[kind]!)) : new D(0);
      net.set(kind, gross.minus(wk));
      income = income.plus(gross.minus(wk));
    }
    const flags = [m.abzuege_16?.steuern, m.abzuege_16?.kranken_pflege, m.abzuege_16?.rente].filter(Boolean).length;
    const factor = new D(1).minus(new D('0.1').times(flags));
    sum = sum.plus(income.times(factor));
    if (m.schwerbehindert_17_nr1) allowances = allowances.plus(150);
    const work = (net.get('erwerb') ?? new D(0)).plus(net.get('minijob') ?? 0);
    if (m.rolle === 'kind' && work.gt(0) && m.geburtsdatum && age(m.geburtsdatum, a.stichtag) < 25) allowances = allowances.plus(Decimal.min(work.times(factor), 100));
    if (m.grundrentenzeiten_33_jahre) {
      const pension = (net.get('rente') ?? new D(0)).times(factor);
      const fb = Decimal.min(pension, 100).plus(Decimal.max(0, pension.minus(100)).times('0.3'));
      allowances = allowances.plus(Decimal.min(fb, new D(rbs1).div(2)));
    }
  }
  // § 17 Nr. 3: only living solely with children, at least one under 18 (the flag yields to household data that contradict it)
  // (no children, or only adults; no counted member other than the children: the children do not live "solely with children")
  const named = all.filter((m) => m.rolle === 'kind');
  const children = named.length > 0 ? named : all.filter((m, i) => i > 0 && (m.rolle ?? 'sonstige') === 'sonstige');
  const allAdults = children.every((c) => c.geburtsdatum !== undefined && age(c.geburtsdatum, a.stichtag) >= 18);
  const parentCounted = counted.some((m) => m.rolle !== 'kind');
  if (a.alleinerziehend && !all.some((m) => m.rolle === 'partner') && children.length > 0 && !allAdults && parentCounted) allowances = allowances.plus(110);
  let maintenance = new D(0);
  for (const u of a.unterhalt_gezahlt ?? []) maintenance = maintenance.plus(u.tituliert ? new D(u.betrag_monat) : Decimal.min(new D(u.betrag_monat), UNTERHALT_CAP[u.empfaenger]!));
  const Y = Decimal.max(0, sum.minus(allowances).minus(maintenance));

  // § 19 with Anlage 3: minimum values, four steps in fixed point with ten decimals, rounding half up.
  const t = (x: Dec) => x.toDecimalPlaces(10, Decimal.ROUND_DOWN);
  const Mf = t(Decimal.max(M, MIN_M[law][k - 1]!));
  const Yf = t(Decimal.max(Y, MIN_Y[law][k - 1]!));
  const z1 = t(new D(A[k - 1]!).plus(new D(B[law][k - 1]!).times(Mf)).plus(new D(C[law][k - 1]!).times(Yf)));
  const z2 = t(z1.times(Yf));
  const z3 = t(Mf.minus(z2));
  const z4 = t(new D('1.15').times(z3));
  let w = z4.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  const mFloor = M.floor().toNumber();
  // § 19 Abs. 1 has no upper limit; only the increase of Abs. 3 (more than 12 members) stops at M
  if (n > 12 && w > 0) w = Math.max(w, Math.min(w + ZUSCHLAG[law] * (n - 12), mFloor));
  else w = Math.max(0, w);
  return { M, Y, wohngeld: w < 10 ? 0 : w };
}
