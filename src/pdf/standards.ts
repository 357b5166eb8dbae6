/**
 * PDF/A-2b and PDF/UA-1 in one file.
 *
 * Typst 0.14.2 (through @myriaddreamin/typst-ts-node-compiler 0.7.0) accepts exactly one
 * PDF standard per export: `pdfStandard` is a single string, and typst-pdf itself rejects a
 * list with „Typst currently only supports one PDF substandard at a time". The two exports
 * of the same document differ only in the catalogue and metadata: `a-2b` adds the sRGB
 * OutputIntent and `pdfaid`, `ua-1` adds `pdfuaid:part` and `/DisplayDocTitle true`; the
 * tagged structure tree, /Lang, /MarkInfo, fonts and content streams are the same (Typst
 * tags by default). So the renderer compiles twice: once as `ua-1`, which runs Typst's
 * PDF/UA-1 checks (title, language, alt text, heading order) and fails on any violation,
 * and once as `a-2b`, which runs the PDF/A-2b checks and is the file we keep. This module
 * then adds what PDF/UA-1 needs to the PDF/A file: `pdfuaid:part=1` in the XMP packet
 * (declared through a PDF/A extension schema, as PDF/A requires for namespaces outside
 * XMP 2004) and `/DisplayDocTitle true` in the viewer preferences, plus our provenance
 * properties (also declared). The file is rewritten with a fresh cross-reference table,
 * not appended to, so no stale metadata stream remains in it.
 */

export interface XmpProperty {
  prefix: string;
  namespace: string;
  schemaName: string;
  name: string;
  valueType: 'Text' | 'Integer' | 'Boolean' | 'Date' | 'URI';
  description: string;
  value: string;
}

export const PDFUA_PART: XmpProperty = {
  prefix: 'pdfuaid',
  namespace: 'http://www.aiim.org/pdfua/ns/id/',
  schemaName: 'PDF/UA identification schema',
  name: 'part',
  valueType: 'Integer',
  description: 'Indicates, which part of ISO 14289 standard is followed',
  value: '1',
};

const LATIN1 = 'latin1';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface XrefEntry {
  num: number;
  offset: number;
}

export function parseXref(pdf: string): { entries: XrefEntry[]; xrefAt: number; trailer: string } {
  const sx = pdf.lastIndexOf('startxref');
  if (sx < 0) throw new Error('PDF ohne startxref');
  const xrefAt = Number(/startxref\s+(\d+)/.exec(pdf.slice(sx))?.[1]);
  const head = /^xref\s+0\s+(\d+)\s+/.exec(pdf.slice(xrefAt));
  if (!head) throw new Error('Unerwarteter Querverweis-Aufbau (erwartet: eine klassische xref-Tabelle ab Objekt 0)');
  const count = Number(head[1]);
  const start = xrefAt + head[0].length;
  const entries: XrefEntry[] = [];
  for (let i = 0; i < count; i++) {
    const line = pdf.slice(start + i * 20, start + i * 20 + 20);
    const m = /^(\d{10}) (\d{5}) ([nf])/.exec(line);
    if (!m) throw new Error(`Querverweis-Eintrag ${i} nicht lesbar`);
    if (m[3] === 'n') entries.push({ num: i, offset: Number(m[1]) });
  }
  const tStart = pdf.indexOf('trailer', start + count * 20);
  const trailer = pdf.slice(tStart, pdf.indexOf('startxref', tStart));
  return { entries, xrefAt, trailer };
}

function objectRef(dict: string, key: string): number | null {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
  return m ? Number(m[1]) : null;
}

/** Adds properties (and their PDF/A extension schema declarations) to an XMP packet. */
export function addXmpProperties(xmp: string, props: readonly XmpProperty[]): string {
  const descOpen = /<rdf:Description rdf:about=""([^>]*)>/.exec(xmp);
  if (!descOpen) throw new Error('XMP ohne rdf:Description');
  const namespaces = new Map<string, string>();
  for (const p of props) namespaces.set(p.prefix, p.namespace);
  const needed = ['pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"', 'pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"', 'pdfaProperty="http://www.aiim.org/pdfa/ns/property#"'];
  let attrs = descOpen[1]!;
  for (const [prefix, ns] of namespaces) if (!attrs.includes(`xmlns:${prefix}=`)) attrs += ` xmlns:${prefix}="${ns}"`;
  for (const n of needed) if (!attrs.includes(`xmlns:${n.split('=')[0]}=`)) attrs += ` xmlns:${n}`;
  let out = xmp.replace(descOpen[0], `<rdf:Description rdf:about=""${attrs}>`);

  const schemas = [...namespaces.entries()].map(([prefix, ns]) => {
    const own = props.filter((p) => p.prefix === prefix);
    const properties = own
      .map(
        (p) =>
          `<rdf:li rdf:parseType="Resource"><pdfaProperty:category>internal</pdfaProperty:category><pdfaProperty:description>${escapeXml(p.description)}</pdfaProperty:description><pdfaProperty:name>${p.name}</pdfaProperty:name><pdfaProperty:valueType>${p.valueType}</pdfaProperty:valueType></rdf:li>`,
      )
      .join('');
    return `<rdf:li rdf:parseType="Resource"><pdfaSchema:schema>${escapeXml(own[0]!.schemaName)}</pdfaSchema:schema><pdfaSchema:namespaceURI>${ns}</pdfaSchema:namespaceURI><pdfaSchema:prefix>${prefix}</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>${properties}</rdf:Seq></pdfaSchema:property></rdf:li>`;
  });
  const bagStart = '<pdfaExtension:schemas><rdf:Bag>';
  const values = props.map((p) => `<${p.prefix}:${p.name}>${escapeXml(p.value)}</${p.prefix}:${p.name}>`).join('');
  if (out.includes(bagStart)) {
    out = out.replace(bagStart, bagStart + schemas.join(''));
    out = out.replace('</rdf:Description>', `${values}</rdf:Description>`);
  } else {
    out = out.replace('</rdf:Description>', `${bagStart}${schemas.join('')}</rdf:Bag></pdfaExtension:schemas>${values}</rdf:Description>`);
  }
  return out;
}

/**
 * Rewrites a Typst PDF/A-2b export: new XMP (with `props` added) and
 * `/DisplayDocTitle true`; every other object is copied byte for byte.
 */
export function addPdfUaAndProvenance(pdfBytes: Uint8Array, props: readonly XmpProperty[]): Uint8Array {
  const pdf = Buffer.from(pdfBytes).toString(LATIN1);
  const { entries, xrefAt, trailer } = parseXref(pdf);
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  const body = new Map<number, string>();
  sorted.forEach((e, i) => body.set(e.num, pdf.slice(e.offset, i + 1 < sorted.length ? sorted[i + 1]!.offset : xrefAt)));

  const rootNum = objectRef(trailer, 'Root');
  if (rootNum === null || !body.has(rootNum)) throw new Error('PDF ohne Katalog');
  let catalog = body.get(rootNum)!;
  const metaNum = objectRef(catalog, 'Metadata');
  if (metaNum === null || !body.has(metaNum)) throw new Error('PDF ohne XMP-Metadaten');
  if (!catalog.includes('/DisplayDocTitle')) {
    catalog = catalog.includes('/ViewerPreferences <<')
      ? catalog.replace('/ViewerPreferences <<', '/ViewerPreferences <<\n    /DisplayDocTitle true')
      : catalog.replace('/Type /Catalog', '/Type /Catalog\n  /ViewerPreferences << /DisplayDocTitle true >>');
    body.set(rootNum, catalog);
  }

  const metaObj = body.get(metaNum)!;
  if (/\/Filter/.test(metaObj.slice(0, metaObj.indexOf('stream')))) throw new Error('Komprimierte XMP-Metadaten werden nicht unterstützt');
  const sStart = metaObj.indexOf('stream\n') + 'stream\n'.length;
  const sEnd = metaObj.lastIndexOf('\nendstream');
  const xmpBytes = Buffer.from(metaObj.slice(sStart, sEnd), LATIN1);
  const xmp = addXmpProperties(xmpBytes.toString('utf8'), props);
  const newXmp = Buffer.from(xmp, 'utf8');
  const dict = metaObj.slice(0, sStart).replace(/\/Length \d+/, `/Length ${newXmp.length}`);
  body.set(metaNum, dict + newXmp.toString(LATIN1) + metaObj.slice(sEnd));

  const header = pdf.slice(0, sorted[0]!.offset);
  let out = header;
  const offsets = new Map<number, number>();
  for (const e of sorted) {
    offsets.set(e.num, Buffer.byteLength(out, LATIN1));
    out += body.get(e.num)!;
  }
  const size = Math.max(...entries.map((e) => e.num)) + 1;
  const newXrefAt = Buffer.byteLength(out, LATIN1);
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let i = 1; i < size; i++) {
    const o = offsets.get(i);
    xref += o === undefined ? '0000000000 65535 f \n' : `${String(o).padStart(10, '0')} 00000 n \n`;
  }
  out += `${xref}${trailer}startxref\n${newXrefAt}\n%%EOF\n`;
  return Buffer.from(out, LATIN1);
}
