import { germanDate } from './dates.ts';
import type { DecisionRecord, Draft } from './model.ts';
import type { Drafter, DraftInput } from './ports.ts';

/**
 * Deterministic letters made only from the decision record and the settings: the fallback
 * that works without any model and without the drafting capability's templates.
 */
export const plainDrafter: Drafter = {
  draft(kind: Draft['kind'], input: DraftInput): string {
    switch (kind) {
      case 'nachforderung':
      case 'erinnerung':
        return nachforderung(kind, input);
      case 'bescheid':
      case 'abhilfebescheid':
        return bescheid(kind, input);
    }
  },
};

function head(input: DraftInput, title: string): string[] {
  const { case: c, settings, personal } = input;
  return [
    settings.authority.name,
    settings.authority.address,
    '',
    personal ? `An: ${personal.applicant.name}` : 'An: (Antragsteller/in)',
    '',
    `Aktenzeichen: ${c.aktenzeichen}`,
    '',
    title,
    '',
  ];
}

function nachforderung(kind: 'nachforderung' | 'erinnerung', input: DraftInput): string {
  const lines = head(input, kind === 'erinnerung' ? 'Erinnerung: Fehlende Unterlagen und Angaben' : 'Anforderung fehlender Unterlagen und Angaben');
  lines.push(
    kind === 'erinnerung'
      ? 'wir haben Sie bereits um die folgenden Unterlagen und Angaben gebeten. Bis heute liegen sie uns nicht vollständig vor:'
      : 'für die Entscheidung über Ihren Antrag benötigen wir noch die folgenden Unterlagen und Angaben:',
    '',
  );
  for (const m of input.missing ?? []) lines.push(`- ${m.label}${m.norm ? ` (${m.norm})` : ''}`);
  lines.push(
    '',
    `Bitte reichen Sie diese bis zum ${germanDate(input.deadline ?? '')} ein.`,
    '',
    'Hinweis auf die Folgen fehlender Mitwirkung: Nach § 60 SGB I sind Sie verpflichtet, alle Tatsachen anzugeben, die für die Leistung erheblich sind, und Beweisurkunden vorzulegen. ' +
      'Kommen Sie dieser Pflicht bis zum genannten Tag nicht nach und wird dadurch die Aufklärung des Sachverhalts erheblich erschwert, kann die Leistung nach § 66 Abs. 1 und 3 SGB I ohne weitere Ermittlungen bis zur Nachholung der Mitwirkung ganz oder teilweise versagt werden.',
  );
  return lines.join('\n');
}

function amounts(d: DecisionRecord): string[] {
  return Object.entries(d.values)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `- ${k}: ${String(v)}`);
}

function bescheid(kind: 'bescheid' | 'abhilfebescheid', input: DraftInput): string {
  const { decision: d, case: c } = input;
  const lines = head(input, kind === 'abhilfebescheid' ? 'Abhilfebescheid (geänderter Bescheid nach Widerspruch)' : 'Bescheid');
  lines.push(`Entscheidung nach dem Regelwerk „${d.pack}“, Rechtsstand ${d.packVersion}, Stichtag ${germanDate(d.asOf)}.`, '', 'Ergebnis:');
  lines.push(...amounts(d));
  if (d.reasons.length > 0) {
    lines.push('', 'Gründe:');
    for (const r of d.reasons) lines.push(`- ${r.text} (${r.norm})`);
  }
  const discretion = Object.entries(c.discretion);
  if (discretion.length > 0) {
    lines.push('', 'Ermessenserwägungen:');
    for (const [point, h] of discretion) {
      const norm = d.discretion.find((p) => p.point === point)?.norm;
      lines.push(`- ${point}${norm ? ` (${norm})` : ''}: Entscheidung „${h.option}“. Begründung: ${h.reason}`);
    }
  }
  const overrides = Object.entries(c.overrides);
  if (overrides.length > 0) {
    lines.push('', 'Abweichend von der Berechnung festgesetzte Werte:');
    for (const [name, o] of overrides) lines.push(`- ${name}: ${JSON.stringify(o.value)}. Begründung: ${o.reason}`);
  }
  if (kind === 'abhilfebescheid' && input.objection) {
    lines.push('', `Ihrem Widerspruch vom ${germanDate(input.objection.filedAt)} wird abgeholfen.`);
    if (input.objection.assessment) lines.push(`Begründung: ${input.objection.assessment}`);
  }
  lines.push('', 'Rechtsbehelfsbelehrung:', input.settings.authority.rechtsbehelfsbelehrung, '', `Prüfnummer der Berechnung: ${d.receipt.resultHash}`);
  return lines.join('\n');
}
