/** Writes docs/tck-report.md (for people) and docs/tck-report.json (stable, diffable between runs). */
import type { LevelSummary } from './suite.ts';

function pct(p: number, n: number): string {
  return n === 0 ? '–' : `${((100 * p) / n).toFixed(1)} %`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

/** Failure reasons of a folder in short: the first few distinct reasons with their counts. */
function shortReasons(failures: { id: string; reason: string }[]): string {
  if (failures.length === 0) return '';
  const byReason = new Map<string, string[]>();
  for (const f of failures) {
    const key = f.reason.length > 110 ? `${f.reason.slice(0, 107)}…` : f.reason;
    byReason.set(key, [...(byReason.get(key) ?? []), f.id.split('#')[1] ?? f.id]);
  }
  const parts = [...byReason].slice(0, 3).map(([r, ids]) => `${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ` (+${ids.length - 3})` : ''}: ${r}`);
  if (byReason.size > 3) parts.push(`… ${byReason.size - 3} weitere Gründe`);
  return cell(parts.join('; '));
}

export function markdown(levels: LevelSummary[], command: string): string {
  const out: string[] = [
    '# DMN TCK – Ergebnisbericht',
    '',
    `Erzeugt mit \`${command}\` gegen \`../shared/conformance/dmn-tck/TestCases\`. Ein Testfall gilt als bestanden, wenn alle seine Ergebnisknoten stimmen.`,
    'Zahlen werden als Dezimalzahlen verglichen, Fehlererwartungen (`errorResult="true"`) verlangen null, Listen und Kontexte werden strukturell verglichen.',
    'Ausnahme: Erwartungswerte, die selbst gerundete Ergebnisse nicht abbrechender Rechnungen sind (mindestens 8 Nachkommastellen oder mindestens 12 signifikante Stellen),',
    'gelten innerhalb einer Einheit der letzten Stelle bzw. relativ 1e-12 als gleich; die Spalte „mit Toleranz“ zählt diese Fälle (siehe `scripts/tck/compare.ts`).',
    '',
    '| Stufe | bestanden | gesamt | Quote | mit Toleranz |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...levels.map((l) => `| ${l.level} | ${l.passed} | ${l.total} | ${pct(l.passed, l.total)} | ${l.folders.reduce((s, f) => s + f.approximate.length, 0)} |`),
    '',
  ];
  for (const l of levels) {
    out.push(`## Compliance Level ${l.level}`, '', '| Ordner | bestanden/gesamt | mit Toleranz | Fehlschläge (kurz) |', '| --- | ---: | ---: | --- |');
    for (const f of l.folders) out.push(`| ${f.folder} | ${f.passed}/${f.total} | ${f.approximate.length || ''} | ${shortReasons(f.failures)} |`);
    out.push('');
  }
  return out.join('\n');
}

export function json(levels: LevelSummary[]): string {
  const doc = {
    levels: levels.map((l) => ({
      level: l.level,
      passed: l.passed,
      total: l.total,
      folders: l.folders.map((f) => ({
        folder: f.folder,
        passed: f.passed,
        total: f.total,
        approximate: f.approximate,
        failed: f.failures.map((x) => `${x.id}: ${x.reason}`),
      })),
    })),
  };
  return `${JSON.stringify(doc, null, 1)}\n`;
}
