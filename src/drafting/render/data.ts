import { formatDate, parseIsoDate } from '../german/format.ts';
import type { Block, Letter } from '../model.ts';

/** What a PDF carries besides the letter: the AI label, the decision receipt, provenance for the XMP. */
export interface PdfMeta {
  /** „Mit KI-Unterstützung erstellt, geprüft und freigegeben von … am …" — null when no model contributed. */
  labelling: string | null;
  /** The ledger's receipt text (short form) printed with a QR code of the same text. */
  receipt: { text: string } | null;
  /** Machine-readable provenance written to the XMP metadata (AI Act Art. 50 Abs. 2). */
  xmp: {
    aiAssisted: boolean;
    statement: string | null;
    model: string | null;
    promptTemplate: string | null;
    reviewedBy: string | null;
    reviewedAt: string | null;
    decisionResultHash: string | null;
    letterKind: string;
  };
}

export interface RenderData {
  title: string;
  subject: string;
  description: string;
  keywords: string[];
  date: { year: number; month: number; day: number };
  letterhead: Letter['letterhead'];
  returnLine: string;
  recipient: string[];
  info: [string, string][];
  nonBindingNotice: string | null;
  salutation: string;
  sections: { id: string; heading: string | null; blocks: Block[] }[];
  closing: string[];
  labelling: string | null;
  receipt: { text: string; alt: string } | null;
}

/** The JSON the Typst template reads; all layout decisions stay in the template. */
export function renderData(letter: Letter, meta: PdfMeta): RenderData {
  const { y, m, d } = parseIsoDate(letter.date);
  const lh = letter.letterhead;
  return {
    title: `${letter.title} – ${letter.aktenzeichen}`,
    subject: letter.subject,
    description: meta.labelling ?? `${letter.title}, erstellt aus der Entscheidung und festen Textbausteinen.`,
    keywords: ['Amtsklar', letter.pack, letter.kind, ...(meta.xmp.aiAssisted ? ['KI-unterstützt'] : [])],
    date: { year: y, month: m, day: d },
    letterhead: lh,
    returnLine: `${lh.authority} · ${lh.street} · ${lh.postalCode} ${lh.city}`,
    recipient: letter.recipient,
    info: [
      ['Aktenzeichen', letter.aktenzeichen],
      ['Datum', formatDate(letter.date)],
      ['Telefon', lh.phone],
      ['E-Mail', lh.email],
      ['Sprechzeiten', lh.openingHours],
    ],
    nonBindingNotice: letter.nonBindingNotice,
    salutation: letter.salutation,
    sections: letter.sections.map((s) => ({ id: s.id, heading: s.heading, blocks: s.blocks.map(keepTogether) })),
    closing: letter.closing,
    labelling: meta.labelling,
    receipt: meta.receipt ? { text: meta.receipt.text, alt: `QR-Code mit dem Prüfcode: ${meta.receipt.text}` } : null,
  };
}

/** No line break inside a citation or between a number and its unit (DIN 5008). */
export function nonBreaking(text: string): string {
  return text
    .replace(/(§§?|Abs\.|Nr\.|S\.|Art\.) (?=\d)/g, '$1\u00A0')
    .replace(/(\d) (?=(€|Euro|EUR|WoGG|SGB|Prozent)\b)/g, '$1\u00A0')
    .replace(/(\d) (?=€)/g, '$1\u00A0')
    .replace(/(SGB) (?=[IVX]+\b)/g, '$1\u00A0');
}

function keepTogether(b: Block): Block {
  switch (b.type) {
    case 'p':
      return { type: 'p', text: nonBreaking(b.text) };
    case 'list':
      return { type: 'list', items: b.items.map(nonBreaking) };
    case 'table':
      return { ...b, rows: b.rows.map((r) => r.map(nonBreaking)) };
  }
}
