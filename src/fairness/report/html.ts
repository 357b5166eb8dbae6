import { ATTRIBUTE_DOMAINS } from '../model.ts';
import { claimChart, crossChart, ratioChartOf } from './charts.ts';
import { metricLabel } from './metrics.ts';
import { decimal, escapeXml, patternDefs, percent } from './svg.ts';
import type { Alarm, Disparity, FairnessReport, GroupingResult, MetricValue, SignedFairnessReport } from './types.ts';

const ALARM_TEXT: Record<Alarm, string> = {
  signifikant: 'statistisch auffällig (Holm)',
  ausserhalb_screening_band: 'außerhalb des Prüfbands',
  vier_fuenftel_unterschritten: 'unter vier Fünfteln der höchsten Quote',
};

const TEST_TEXT: Record<Disparity['test']['name'], string> = {
  fisher_exact: 'exakter Test nach Fisher',
  chi_square: 'Chi-Quadrat-Test',
  mann_whitney: 'Mann-Whitney-U-Test',
};

/**
 * The report as one self-contained, accessible HTML page (WCAG 2.1 AA intent): German
 * language, landmarks and headings, every chart a figure with a text alternative and a
 * data table, alarms in words. It shows exactly what the report model holds — groups the
 * model withheld cannot appear here.
 */
export function renderReportHtml(input: FairnessReport | SignedFairnessReport): string {
  const signed = 'signature' in input ? input : null;
  const r = signed ? signed.report : (input as FairnessReport);
  const h: string[] = [];
  h.push(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`Bericht zur Gleichbehandlung – ${r.systemId} – ${r.period.from} bis ${r.period.to}`)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    patternDefs(),
    '<main>',
    `<h1>Bericht zur Gleichbehandlung: ${esc(r.systemId)}</h1>`,
    '<dl class="meta">',
    dt('Zeitraum', `${r.period.from} bis ${r.period.to}`),
    dt('Bericht', r.reportId),
    dt('Erstellt', r.generatedAt),
    dt('Systemversion', r.systemVersion ?? 'nicht angegeben'),
    dt('Datenstand', r.datasetSnapshot),
    dt('Begünstigendes Ergebnis', r.favourableOutcome),
    dt('Mindestgruppengröße k', String(r.k)),
    '</dl>',
  );

  h.push('<section aria-labelledby="s-summary"><h2 id="s-summary">Zusammenfassung</h2>');
  for (const p of r.interpretation) h.push(`<p>${esc(p)}</p>`);
  h.push(
    '<table><caption>Ergebnisse im Überblick</caption><tbody>',
    tr('Entscheidungen', r.population.shown ? String(r.population.decisions) : `weniger als ${r.k}`),
    tr('davon mit Angaben aus der Befragung', r.population.withSurveyAnswers === null ? 'nicht ausgewiesen' : String(r.population.withSurveyAnswers)),
    tr('geprüfte Gruppenvergleiche', String(r.summary.comparisons)),
    tr('statistisch auffällig (nach Holm-Korrektur)', String(r.summary.significant)),
    tr('außerhalb des Prüfbands', String(r.summary.outsideScreeningBand)),
    tr('unter vier Fünfteln der höchsten Anspruchsquote', String(r.summary.fourFifthsAlarms)),
    '</tbody></table></section>',
  );

  if (r.population.shown) {
    h.push('<section aria-labelledby="s-overall"><h2 id="s-overall">Alle Entscheidungen</h2>');
    h.push(metricTable('Kennzahlen über alle Entscheidungen', [{ label: 'Alle', n: r.population.decisions, metrics: r.overall }]));
    h.push('</section>');
  }

  const singles = r.groupings.filter((g) => g.attributes.length === 1);
  const pairs = r.groupings.filter((g) => g.attributes.length === 2);
  h.push('<section aria-labelledby="s-claim"><h2 id="s-claim">Anspruchsquote nach Merkmalen</h2>');
  h.push('<p>Balken: Anspruchsquote je Gruppe; Linie: 95-%-Konfidenzintervall (Wilson). Schraffierte Balken mit „⚠ auffällig“ haben einen Hinweis (siehe Vergleiche).</p>');
  singles.forEach((g, i) => h.push(claimFigure(r, g, `bar${i}`)));
  h.push('</section>');

  const ratios = ratioChartOf(r, 'ratio');
  if (ratios) {
    h.push('<section aria-labelledby="s-ratio"><h2 id="s-ratio">Verhältnis zur Vergleichsgruppe</h2>');
    h.push(`<figure><figcaption>${esc(ratios.caption)}</figcaption>`, ratios.svg, '</figure>');
    h.push('</section>');
  }

  if (pairs.length > 0) {
    h.push('<section aria-labelledby="s-cross"><h2 id="s-cross">Kreuzungen von Merkmalen</h2>');
    h.push(
      `<p>Anspruchsquote je Kombination zweier Merkmale. „nicht ausgewiesen“ heißt: leer, weniger als ${r.k} Personen, oder gesperrt, damit sich eine kleine Gruppe nicht aus Summen zurückrechnen lässt. Diese Fälle werden absichtlich nicht unterschieden.</p>`,
    );
    pairs.forEach((g, i) => h.push(crossFigure(g, `heat${i}`)));
    h.push('</section>');
  }

  h.push('<section aria-labelledby="s-comparisons"><h2 id="s-comparisons">Alle Vergleiche</h2>');
  h.push(disparityTable(r));
  h.push('</section>');

  if (r.fourFifths.length > 0) {
    h.push('<section aria-labelledby="s-ff"><h2 id="s-ff">Vier-Fünftel-Prüfung (Warnsignal)</h2>');
    h.push(
      '<p>Verhältnis der Anspruchsquote jeder Gruppe zur höchsten Quote desselben Merkmals. Unter 0,8 ist ein Warnsignal; ein Wert darüber ist keine Feststellung, dass keine Benachteiligung vorliegt.</p>',
      '<table><caption>Vier-Fünftel-Prüfung</caption><thead><tr><th scope="col">Gruppe</th><th scope="col">Gruppe mit der höchsten Quote</th><th scope="col">Verhältnis</th><th scope="col">Warnsignal</th></tr></thead><tbody>',
    );
    for (const f of r.fourFifths) {
      h.push(`<tr><th scope="row">${esc(f.groupLabel)}</th><td>${esc(f.highestLabel)}</td><td>${decimal(f.ratio)}</td><td>${f.alarm ? '⚠ ja' : 'nein'}</td></tr>`);
    }
    h.push('</tbody></table></section>');
  }

  h.push('<section aria-labelledby="s-groups"><h2 id="s-groups">Kennzahlen je Gruppe</h2>');
  for (const g of r.groupings) {
    h.push(`<h3>${esc(g.label)}</h3>`);
    if (g.groups.length === 0) h.push('<p>Keine Gruppe kann ausgewiesen werden.</p>');
    else h.push(metricTable(`Kennzahlen nach ${g.label}`, g.groups));
    h.push(`<p>Nicht ausgewiesene Zellen dieser Tabelle: ${g.hiddenCells}.</p>`);
  }
  h.push('</section>');

  if (r.counterfactual) {
    const cf = r.counterfactual;
    h.push(
      '<section aria-labelledby="s-cf"><h2 id="s-cf">Kontrafaktische Prüfung</h2>',
      `<p>Testreihe ${esc(cf.suite)}: ${cf.cases} erzeugte Fälle je Merkmal.</p>`,
      '<table><caption>Geänderte Ergebnisse beim Austausch eines Merkmals</caption><thead><tr><th scope="col">Merkmal</th><th scope="col">Fälle mit geändertem Ergebnis</th><th scope="col">davon zulässig (Rechtsgrundlage)</th><th scope="col">unzulässig</th></tr></thead><tbody>',
      ...cf.attributes.map(
        (a) => `<tr><th scope="row">${esc(a.attribute)}</th><td>${a.flips}</td><td>${a.allowedChanges}</td><td>${a.violations}${a.violations > 0 ? ' ⚠' : ''}</td></tr>`,
      ),
      '</tbody></table></section>',
    );
  }

  h.push('<section aria-labelledby="s-attr"><h2 id="s-attr">Merkmale und Rechtsgrundlage</h2><table><caption>Ausgewertete Merkmale</caption><thead><tr><th scope="col">Merkmal</th><th scope="col">Geschütztes Merkmal</th><th scope="col">Herkunft</th><th scope="col">Rechtsgrundlage</th></tr></thead><tbody>');
  for (const a of r.sensitiveAttributes) {
    h.push(`<tr><th scope="row">${esc(a.label)}</th><td>${esc(a.ground)}</td><td>${esc(a.source)}</td><td>${esc(a.legalBasis)}</td></tr>`);
  }
  h.push('</tbody></table></section>');

  h.push('<section aria-labelledby="s-method"><h2 id="s-method">Methode und Grenzen</h2><ul>');
  h.push(
    `<li>Konfidenzintervalle 95 %: Quoten nach Wilson, Differenzen nach Newcombe (Hybrid-Score), Verhältnisse nach Katz (logarithmisch), Mediane über Ordnungsstatistiken, Mittelwerte über die t-Verteilung.</li>`,
    `<li>Tests: exakter Test nach Fisher, wenn eine erwartete Zellhäufigkeit unter 5 liegt, sonst Chi-Quadrat-Test nach Pearson; Beträge und Dauer mit dem Mann-Whitney-U-Test. Alle p-Werte nach Holm korrigiert (α = ${decimal(r.alpha)}).</li>`,
    `<li>${esc(r.screeningBands.rationale)}</li>`,
  );
  for (const l of r.limitations) h.push(`<li>${esc(l)}</li>`);
  h.push('</ul></section>');

  h.push('<section aria-labelledby="s-review"><h2 id="s-review">Prüfung</h2><p>Zu prüfen durch: ');
  h.push(esc(r.reviewers.map((x) => x.role).join(', ')));
  h.push('.</p>');
  if (signed) {
    h.push(
      '<dl class="meta">',
      dt('Signatur', `${signed.signature.alg}, Schlüssel ${signed.signature.keyId}`),
      dt('Prüfsumme des Berichts', signed.signature.reportHash),
      dt('Signaturwert', signed.signature.value),
      '</dl>',
    );
  } else {
    h.push('<p>Dieser Bericht ist nicht signiert.</p>');
  }
  h.push('</section></main></body></html>');
  return h.join('\n');
}

function claimFigure(r: FairnessReport, g: GroupingResult, id: string): string {
  const chart = claimChart(r, g, id);
  if (!chart) return `<p>${esc(g.label)}: keine Gruppe kann ausgewiesen werden.</p>`;
  return [
    `<figure><figcaption>${esc(chart.caption)}</figcaption>`,
    chart.svg,
    `<table><caption>Daten zum Diagramm: Anspruchsquote nach ${esc(g.label)}</caption><thead><tr><th scope="col">Gruppe</th><th scope="col">Personen</th><th scope="col">Anspruchsquote</th><th scope="col">95-%-Konfidenzintervall</th><th scope="col">Hinweis</th></tr></thead><tbody>`,
    ...chart.rows.map(
      ({ label, n, bar: b }) =>
        `<tr><th scope="row">${esc(label)}</th><td>${n}</td><td>${percent(b.value, 1)}</td><td>${percent(b.ci[0], 1)} bis ${percent(b.ci[1], 1)}</td><td>${b.alarm ? '⚠ ja' : 'nein'}</td></tr>`,
    ),
    '</tbody></table></figure>',
  ].join('');
}

function crossFigure(g: GroupingResult, id: string): string {
  const chart = crossChart(g, id);
  return [
    `<figure><figcaption>${esc(chart.caption)}</figcaption>`,
    chart.svg,
    `<table><caption>Daten zum Diagramm: Anspruchsquote nach ${esc(g.label)}</caption><thead><tr><th scope="col">${esc(ATTRIBUTE_DOMAINS[chart.rowAttribute].label)}</th>`,
    ...chart.columnLabels.map((l) => `<th scope="col">${esc(l)}</th>`),
    '</tr></thead><tbody>',
    ...chart.rowLabels.map(
      (rl, i) =>
        `<tr><th scope="row">${esc(rl)}</th>${chart.columnLabels
          .map((_, j) => {
            const c = chart.cells[i]![j]!;
            return `<td>${c.value === null ? 'nicht ausgewiesen' : `${percent(c.value, 1)} (n = ${c.n})`}</td>`;
          })
          .join('')}</tr>`,
    ),
    '</tbody></table></figure>',
  ].join('');
}

function disparityTable(r: FairnessReport): string {
  if (r.disparities.length === 0) return '<p>Es gibt keine Vergleiche: zu wenige ausgewiesene Gruppen.</p>';
  const rows = r.disparities.map((d) => {
    const isRate = typeof d.groupValue === 'number';
    const fmt = (v: number | string): string => (typeof v === 'number' ? percent(v, 1) : v.replace('.', ','));
    const diff = d.difference.ci95
      ? `${isRate ? signedPoints(d.difference.value as number) : String(d.difference.value).replace('.', ',')} (${isRate ? signedPoints(d.difference.ci95[0] as number) : String(d.difference.ci95[0]).replace('.', ',')} bis ${isRate ? signedPoints(d.difference.ci95[1] as number) : String(d.difference.ci95[1]).replace('.', ',')})`
      : '–';
    const ratio = d.ratio ? `${decimal(d.ratio.value)}${d.ratio.ci95 ? ` (${decimal(d.ratio.ci95[0])} bis ${decimal(d.ratio.ci95[1])})` : ''}` : '–';
    return (
      `<tr><th scope="row">${esc(d.groupLabel)}</th><td>${esc(d.referenceLabel)}</td><td>${esc(metricLabel(d.metric))}</td>` +
      `<td>${fmt(d.groupValue)}</td><td>${fmt(d.referenceValue)}</td><td>${diff}</td><td>${ratio}</td>` +
      `<td>${esc(TEST_TEXT[d.test.name])}</td><td>${pValue(d.test.p)}</td><td>${pValue(d.test.pAdjusted)}</td>` +
      `<td>${d.minimumDetectableDifference === undefined ? '–' : `${decimal(d.minimumDetectableDifference * 100, 1)} Pp.`}</td>` +
      `<td>${d.alarms.length === 0 ? 'kein Hinweis' : `⚠ ${esc(d.alarms.map((a) => ALARM_TEXT[a]).join(', '))}`}</td></tr>`
    );
  });
  return (
    '<div class="scroll" role="region" aria-label="Alle Vergleiche" tabindex="0"><table class="wide"><caption>Vergleiche jeder Gruppe mit der Vergleichsgruppe ihres Merkmals (Differenz in Prozentpunkten bzw. Euro/Tagen, 95-%-Konfidenzintervall)</caption><thead><tr>' +
    ['Gruppe', 'Vergleichsgruppe', 'Kennzahl', 'Gruppe', 'Vergleich', 'Differenz', 'Verhältnis', 'Test', 'p', 'p (Holm)', 'kleinste nachweisbare Differenz', 'Hinweis']
      .map((c) => `<th scope="col">${c}</th>`)
      .join('') +
    `</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

function metricTable(caption: string, rows: readonly { label: string; n: number; metrics: Partial<Record<string, MetricValue>> }[]): string {
  const ids = ['claimRate', 'equalOpportunity', 'routedToHumanRate', 'nachforderungRate', 'objectionRate', 'changedOnObjectionRate', 'amount', 'processingDays'];
  const head = ['Gruppe', 'Personen', ...ids.map(metricLabel)].map((c) => `<th scope="col">${esc(c)}</th>`).join('');
  const body = rows
    .map((row) => `<tr><th scope="row">${esc(row.label)}</th><td>${row.n}</td>${ids.map((id) => `<td>${metricCell(row.metrics[id])}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="scroll" role="region" aria-label="${esc(caption)}" tabindex="0"><table class="wide"><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function metricCell(m: MetricValue | undefined): string {
  if (!m || m.kind === 'too_few') return 'zu wenige Fälle';
  if (m.kind === 'rate') return `${percent(m.value, 1)}<br><span class="ci">(${percent(m.ci95[0], 1)} bis ${percent(m.ci95[1], 1)})</span>`;
  return `Mittel ${m.mean.replace('.', ',')}${m.meanCi95 ? ` <span class="ci">(${m.meanCi95[0].replace('.', ',')} bis ${m.meanCi95[1].replace('.', ',')})</span>` : ''}<br>Median ${m.median.replace('.', ',')}`;
}

function signedPoints(v: number): string {
  return `${v > 0 ? '+' : ''}${decimal(v * 100, 1)} Pp.`;
}

function pValue(p: number): string {
  if (p < 0.0001) return '< 0,0001';
  return decimal(p, 4);
}

function dt(term: string, value: string): string {
  return `<dt>${esc(term)}</dt><dd>${esc(value)}</dd>`;
}

function tr(head: string, value: string): string {
  return `<tr><th scope="row">${esc(head)}</th><td>${esc(value)}</td></tr>`;
}

function esc(s: string): string {
  return escapeXml(s);
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;background:#ffffff;margin:0}',
  'main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem}',
  'h1{font-size:1.8rem}h2{font-size:1.4rem;margin-top:2rem;border-bottom:2px solid #2f5f8a}',
  'table{border-collapse:collapse;margin:1rem 0}caption{text-align:left;font-weight:bold;padding:.25rem 0}',
  'th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top}',
  'thead th{background:#e8eef4}table.wide{font-size:.85rem}.scroll{overflow-x:auto}.scroll:focus{outline:3px solid #2f5f8a}',
  '.ci{color:#4a4a4a;font-size:.85em}dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}',
  'dl.meta dt{font-weight:bold}dl.meta dd{margin:0;word-break:break-all}figure{margin:1.5rem 0}figcaption{font-weight:bold}',
  'svg{max-width:100%;height:auto}',
].join('');
