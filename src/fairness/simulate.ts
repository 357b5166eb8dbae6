import type { DecisionRecord, EqualitySurveyResponse, SensitiveAttribute } from './model.ts';
import type { SyntheticHousehold } from './population/types.ts';
import { Rng } from './random.ts';

/**
 * Decision records with a known, planted disparity — the test bed of the monitor
 * itself. This is not a rule engine: outcomes are drawn at random with fixed base rates,
 * independent of the household and of every attribute, except where a `PlantedBias`
 * says otherwise. A monitor that flags the unbiased data more often than its
 * significance level allows, or misses the planted bias, is wrong.
 */
export interface PlantedBias {
  /** Applies to applicants whose true (latent) attributes match all of these. */
  when: Partial<Record<SensitiveAttribute, string>>;
  /** Added to the probability that an entitled applicant is wrongly refused at first. */
  wrongRefusal?: number;
  /** Added to the probability of a claim (on top of the entitlement model). */
  claim?: number;
  /** Multiplies the granted amount. */
  amountFactor?: number;
  routedToHuman?: number;
  nachforderung?: number;
  /** Multiplies the processing time. */
  daysFactor?: number;
}

export interface SimulationOptions {
  seed: string | number;
  system?: string;
  bias?: PlantedBias[];
}

/** Base rates (A): amount median 260 € with σ 0.55 gives a mean near the 297 € of Destatis 2023. */
export const BASE_RATES = {
  entitled: 0.72,
  wrongRefusal: 0.04,
  wrongGrant: 0.01,
  routedToHuman: 0.18,
  nachforderung: 0.25,
  objectionIfRefused: 0.15,
  objectionIfGranted: 0.03,
  changedIfWrong: 0.8,
  changedIfRight: 0.05,
  amountMedian: 260,
  amountSigma: 0.55,
  daysMedian: 14,
  daysSigma: 0.5,
} as const;

export interface SimulatedDecisions {
  decisions: DecisionRecord[];
  surveys: EqualitySurveyResponse[];
}

export function simulateDecisions(households: Iterable<SyntheticHousehold>, options: SimulationOptions): SimulatedDecisions {
  const rng = new Rng(`simulate/${String(options.seed)}`);
  const system = options.system ?? 'wohngeld';
  const biases = options.bias ?? [];
  const decisions: DecisionRecord[] = [];
  const surveys: EqualitySurveyResponse[] = [];
  for (const h of households) {
    const effect = combined(biases, h.latent);
    const entitled = rng.bernoulli(BASE_RATES.entitled);
    let claim = entitled ? !rng.bernoulli(clamp01(BASE_RATES.wrongRefusal + effect.wrongRefusal)) : rng.bernoulli(BASE_RATES.wrongGrant);
    if (effect.claim !== 0) {
      if (effect.claim < 0 && claim && rng.bernoulli(-effect.claim / BASE_RATES.entitled)) claim = false;
      if (effect.claim > 0 && !claim && rng.bernoulli(effect.claim / (1 - BASE_RATES.entitled))) claim = true;
    }
    const wrong = claim !== entitled;
    const objectionFiled = rng.bernoulli(claim ? BASE_RATES.objectionIfGranted : BASE_RATES.objectionIfRefused);
    const changedOnObjection = objectionFiled && rng.bernoulli(wrong ? BASE_RATES.changedIfWrong : BASE_RATES.changedIfRight);
    const amountEuros = Math.max(10, Math.round(rng.logNormal(BASE_RATES.amountMedian, BASE_RATES.amountSigma) * effect.amountFactor));
    const decision: DecisionRecord = {
      system,
      period: h.wohngeld.stichtag.slice(0, 7),
      pseudonym: h.pseudonym,
      claim,
      amount: claim ? String(amountEuros) : null,
      routedToHuman: rng.bernoulli(clamp01(BASE_RATES.routedToHuman + effect.routedToHuman)),
      nachforderung: rng.bernoulli(clamp01(BASE_RATES.nachforderung + effect.nachforderung)),
      processingDays: Math.max(1, Math.round(rng.logNormal(BASE_RATES.daysMedian, BASE_RATES.daysSigma) * effect.daysFactor)),
      objectionFiled,
      changedOnObjection,
    };
    if (changedOnObjection && wrong) decision.claimAfterObjection = entitled;
    decisions.push(decision);
    surveys.push(h.survey);
  }
  return { decisions, surveys };
}

function combined(biases: readonly PlantedBias[], latent: Record<SensitiveAttribute, string>) {
  const out = { wrongRefusal: 0, claim: 0, amountFactor: 1, routedToHuman: 0, nachforderung: 0, daysFactor: 1 };
  for (const b of biases) {
    const applies = (Object.entries(b.when) as [SensitiveAttribute, string][]).every(([a, v]) => latent[a] === v);
    if (!applies) continue;
    out.wrongRefusal += b.wrongRefusal ?? 0;
    out.claim += b.claim ?? 0;
    out.amountFactor *= b.amountFactor ?? 1;
    out.routedToHuman += b.routedToHuman ?? 0;
    out.nachforderung += b.nachforderung ?? 0;
    out.daysFactor *= b.daysFactor ?? 1;
  }
  return out;
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
