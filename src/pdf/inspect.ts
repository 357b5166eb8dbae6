import { parseXref } from './standards.ts';

/** What the tests and the evaluation check of a letter PDF, read from its objects. */
export interface PdfInspection {
  header: string;
  /** Every cross-reference entry points at „N 0 obj". */
  xrefConsistent: boolean;
  xmp: string;
  pdfaPart: string | null;
  pdfaConformance: string | null;
  pdfuaPart: string | null;
  title: string | null;
  language: string | null;
  structTreeRoot: boolean;
  markedContent: boolean;
  displayDocTitle: boolean;
  outputIntent: boolean;
  trailerId: boolean;
  fonts: { name: string; embedded: boolean }[];
}

function tag(xmp: string, name: string): string | null {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xmp)?.[1] ?? null;
}

export function inspectPdf(bytes: Uint8Array): PdfInspection {
  const pdf = Buffer.from(bytes).toString('latin1');
  const { entries, trailer } = parseXref(pdf);
  const objects = new Map<number, string>();
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  let xrefConsistent = true;
  sorted.forEach((e, i) => {
    const text = pdf.slice(e.offset, i + 1 < sorted.length ? sorted[i + 1]!.offset : pdf.lastIndexOf('xref'));
    if (!text.startsWith(`${e.num} 0 obj`)) xrefConsistent = false;
    objects.set(e.num, text);
  });
  const root = Number(/\/Root (\d+) 0 R/.exec(trailer)?.[1]);
  const catalog = objects.get(root) ?? '';
  const metaNum = Number(/\/Metadata (\d+) 0 R/.exec(catalog)?.[1]);
  const metaObj = objects.get(metaNum) ?? '';
  const xmp = Buffer.from(metaObj.slice(metaObj.indexOf('stream') + 7, metaObj.lastIndexOf('endstream')), 'latin1').toString('utf8');
  const fonts: PdfInspection['fonts'] = [];
  for (const text of objects.values()) {
    if (!/\/Type \/FontDescriptor/.test(text)) continue;
    fonts.push({ name: /\/FontName \/(\S+)/.exec(text)?.[1] ?? '?', embedded: /\/FontFile[23]? \d+ 0 R/.test(text) });
  }
  return {
    header: pdf.slice(0, 8),
    xrefConsistent,
    xmp,
    pdfaPart: tag(xmp, 'pdfaid:part'),
    pdfaConformance: tag(xmp, 'pdfaid:conformance'),
    pdfuaPart: tag(xmp, 'pdfuaid:part'),
    title: /<dc:title><rdf:Alt><rdf:li xml:lang="x-default">([^<]*)<\/rdf:li>/.exec(xmp)?.[1] ?? null,
    language: /\/Lang \(([^)]*)\)/.exec(catalog)?.[1] ?? null,
    structTreeRoot: /\/StructTreeRoot \d+ 0 R/.test(catalog),
    markedContent: /\/MarkInfo <<[^>]*\/Marked true/.test(catalog),
    displayDocTitle: /\/DisplayDocTitle true/.test(catalog),
    outputIntent: /\/OutputIntents \d+ 0 R/.test(catalog),
    trailerId: /\/ID \[/.test(trailer),
    fonts,
  };
}
