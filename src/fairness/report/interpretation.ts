import { metricLabel } from './metrics.ts';
import type { FairnessReport } from './types.ts';

/**
 * The report's reading aid. Its rule: an alarm is a reason to look closer, and the
 * absence of alarms is never called equal or fair treatment — small groups are withheld,
 * and differences below the detectable size stay invisible.
 */
export function interpret(report: Omit<FairnessReport, 'reportId'>): string[] {
  if (!report.population.shown) {
    return [
      `Im Zeitraum liegen weniger als ${report.k} Entscheidungen vor. Zum Schutz der betroffenen Personen werden keine Kennzahlen ausgewiesen.`,
    ];
  }
  const out: string[] = [];
  const { comparisons, significant, outsideScreeningBand, fourFifthsAlarms } = report.summary;
  out.push(
    `Ausgewertet wurden ${report.population.decisions} Entscheidungen; ${comparisons} Gruppenvergleiche wurden mit einem Test geprüft (Holm-Korrektur über alle Vergleiche, α = ${formatNumber(report.alpha)}).`,
  );
  if (significant > 0) {
    const examples = report.disparities
      .filter((d) => d.alarms.includes('signifikant'))
      .slice(0, 3)
      .map((d) => `${metricLabel(d.metric)} bei „${d.groupLabel}“ gegenüber „${d.referenceLabel}“`);
    out.push(
      `${significant} ${significant === 1 ? 'Vergleich ist' : 'Vergleiche sind'} statistisch auffällig, zum Beispiel: ${examples.join('; ')}. ` +
        'Eine Auffälligkeit ist ein Anlass zur Prüfung durch Fachamt, Gleichstellungs- und Datenschutzbeauftragte, kein Nachweis einer Benachteiligung: ' +
        'Unterschiede können auf gesetzlich vorgesehene Merkmale (etwa den Freibetrag bei Schwerbehinderung) oder auf Unterschiede in Einkommen und Haushalt zurückgehen. ' +
        'Die Prüfung muss klären, welche Ursache vorliegt.',
    );
  } else {
    out.push(
      'Kein Vergleich ist nach Holm-Korrektur statistisch auffällig. Das ist kein Nachweis, dass das System alle Gruppen gleich behandelt: ' +
        `Gruppen mit weniger als ${report.k} Personen werden nicht ausgewiesen, und Unterschiede unterhalb der kleinsten nachweisbaren Differenz (in der Tabelle je Vergleich angegeben) bleiben unentdeckt.`,
    );
  }
  if (fourFifthsAlarms > 0) {
    out.push(
      `Bei ${fourFifthsAlarms} ${fourFifthsAlarms === 1 ? 'Gruppe liegt' : 'Gruppen liegt'} die Anspruchsquote unter vier Fünfteln der Quote der Gruppe mit der höchsten Quote (Warnsignal).`,
    );
  }
  out.push(
    'Die Vier-Fünftel-Schwelle stammt aus dem US-Arbeitsrecht (29 CFR 1607.4(D)) und hat in Deutschland keine rechtliche Bedeutung. Sie dient hier nur als Warnsignal; wer sie einhält, ist damit nicht von Benachteiligung freigesprochen.',
  );
  if (outsideScreeningBand > 0) {
    out.push(
      `${outsideScreeningBand} Verhältnisse liegen außerhalb des Prüfbands ${formatNumber(report.screeningBands.ratio[0])} bis ${formatNumber(report.screeningBands.ratio[1])}; bei kleinen Gruppen und seltenen Ereignissen schwanken Verhältnisse stark, maßgeblich sind Konfidenzintervall und Test.`,
    );
  }
  if (report.counterfactual) {
    const v = report.counterfactual.violations;
    out.push(
      v === 0
        ? `Kontrafaktische Prüfung (${report.counterfactual.cases} erzeugte Fälle je Merkmal): keine unzulässige Änderung eines Ergebnisses gefunden.`
        : `Kontrafaktische Prüfung: ${v} unzulässige Änderungen von Ergebnissen gefunden; das Regelwerk muss geprüft werden.`,
    );
  }
  return out;
}

export const LIMITATIONS: readonly string[] = [
  'Merkmale stammen aus einer freiwilligen Befragung. Wer nicht teilnimmt, erscheint als „keine Angabe“; teilnehmende Personen können sich systematisch von nicht teilnehmenden unterscheiden.',
  'Die Anspruchsquote der Berechtigten („equal opportunity“) kennt die richtige Entscheidung nur dort, wo ein Widerspruch sie geprüft hat; ohne Widerspruch gilt die erste Entscheidung als richtig.',
  'Gruppenunterschiede sind nicht bereinigt um rechtlich erhebliche Merkmale wie Einkommen, Miete oder Haushaltsgröße. Ein Unterschied zeigt, wo genauer hinzusehen ist, nicht warum er besteht.',
  'Kleine Gruppen (weniger als k Personen) und Gruppen, aus denen sie sich zurückrechnen ließen, werden nicht ausgewiesen. Berichte erscheinen nur für feste, sich nicht überschneidende Zeiträume, damit sich Gruppen nicht durch Differenzbildung zwischen Berichten ermitteln lassen.',
  'Tests für Beträge und Bearbeitungsdauer vergleichen Verteilungen (Mann-Whitney-U, Normalapproximation); Konfidenzintervalle für Mittelwerte beruhen auf der t-Verteilung und sind bei kleinen, schiefen Gruppen nur näherungsweise.',
];

function formatNumber(x: number): string {
  return String(x).replace('.', ',');
}
