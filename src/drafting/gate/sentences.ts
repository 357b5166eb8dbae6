import type { Block, Letter, Section } from '../model.ts';

/** Abbreviations after which a full stop does not end a German sentence. */
const ABBREVIATIONS = new Set([
  'abs', 'nr', 's', 'art', 'z', 'b', 'bzw', 'ggf', 'str', 'vgl', 'u', 'a', 'ca', 'buchst', 'lit', 'ziff', 'hs', 'tel', 'dr',
  'gem', 'i', 'v', 'm', 'd', 'h', 'evtl', 'inkl', 'zzgl', 'max', 'min', 'mo', 'di', 'mi', 'do', 'fr', 'sa', 'so', 'geb',
  'az', 'gz', 'jan', 'feb', 'mär', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'okt', 'nov', 'dez', 'einschl', 'anl', 'frau', 'herr', 'hr',
]);

/** Splits German text into sentences without breaking at `Abs.`, `z. B.`, ordinals (`1. Januar`) or dates. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /[.!?]+["“”»)]?\s+(?=[A-ZÄÖÜ„"(0-9§])/g;
  for (const m of text.matchAll(re)) {
    const before = text.slice(start, m.index + 1);
    const lastToken = /([A-Za-zÄÖÜäöüß]+|\d+)\.$/.exec(before.trimEnd())?.[1];
    if (lastToken && m[0].startsWith('.')) {
      if (ABBREVIATIONS.has(lastToken.toLowerCase())) continue;
      if (/^\d{1,2}$/.test(lastToken)) continue;
    }
    const end = m.index + m[0].length;
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/** The units the gate reports on: sentences of paragraphs, list items, table rows. */
export function blockSentences(block: Block): string[] {
  switch (block.type) {
    case 'p':
      return splitSentences(block.text);
    case 'list':
      return block.items.flatMap((i) => splitSentences(i));
    case 'table':
      return block.rows.map((r) => r.filter((c) => c.trim() !== '').map((c) => c.trim()).join(' | '));
  }
}

export function sectionSentences(section: Section): string[] {
  return section.blocks.flatMap(blockSentences);
}

export function blockText(block: Block): string {
  switch (block.type) {
    case 'p':
      return block.text;
    case 'list':
      return block.items.map((i) => `- ${i}`).join('\n');
    case 'table':
      return [block.head.join(' | '), ...block.rows.map((r) => r.join(' | '))].join('\n');
  }
}

export function sectionText(section: Section): string {
  return [section.heading ?? '', ...section.blocks.map(blockText)].filter((s) => s !== '').join('\n\n');
}

/** The whole letter as plain text: what is hashed, diffed and shown as the text of a draft. */
export function letterText(letter: Letter): string {
  return [
    letter.subject,
    `Aktenzeichen: ${letter.aktenzeichen}`,
    letter.nonBindingNotice ?? '',
    letter.salutation,
    ...letter.sections.map(sectionText),
    letter.closing.join('\n'),
  ]
    .filter((s) => s !== '')
    .join('\n\n');
}
