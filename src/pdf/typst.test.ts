import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import {
  buildErlaeuterung,
  buildPrimaryLetter,
  formatDate,
  formatEuro,
  MUSTERSTADT_SETTINGS as S,
  type LetterInput,
  nachforderungDeadline,
  type PdfMeta,
} from '../drafting/index.ts';
import { engineCases, wohngeldInput } from '../drafting/testing/fixtures.ts';
import { resolvePack } from '../pack-files/index.ts';
import { inspectPdf } from './inspect.ts';
import { TypstPdfRenderer } from './typst.ts';

const renderer = new TypstPdfRenderer();

const meta = (kind: string, ai: boolean): PdfMeta => ({
  labelling: ai ? 'Mit KI-Unterstützung erstellt, geprüft und freigegeben von Anna Schulz am 10.02.2025.' : null,
  receipt: { text: 'AMTSKLAR-R1 sha256:bbbbbbbbbbbbbbbb' },
  xmp: { aiAssisted: ai, statement: ai ? 'Mit KI-Unterstützung erstellt, geprüft und freigegeben von Anna Schulz am 10.02.2025.' : null, model: ai ? 'test-model@1' : null, promptTemplate: ai ? 'erlaeuterung@1' : null, reviewedBy: 'Anna Schulz', reviewedAt: '2025-02-10T09:00:00Z', decisionResultHash: 'sha256:bbbb', letterKind: kind },
});

async function pdfText(bytes: Uint8Array): Promise<{ text: string; title: string; language: string }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
  }
  const info = (await doc.getMetadata()).info as { Title: string; Language: string };
  await doc.destroy();
  return { text, title: info.Title, language: info.Language };
}

const squash = (s: string) => s.replace(/\s+/g, '');

function expectedFacts(input: LetterInput): string[] {
  const v = input.decision.values;
  const facts = [input.aktenzeichen, formatDate(input.issuedOn)];
  if (input.decision.outcome === 'missing_inputs') return [...facts, formatDate(nachforderungDeadline(input, S)), ...input.decision.missing.map((m) => m.question)];
  for (const k of ['wohngeld_monat', 'beitrag_monat', 'M', 'Y', 'miete_belastung_monat', 'einkuenfte_einnahmen_monat']) if (v[k] !== undefined) facts.push(formatEuro(String(v[k])).replace(/,00 €$/, '(,00)? €'));
  for (const k of ['bewilligungszeitraum_beginn', 'bewilligungszeitraum_ende', 'kita_jahr_beginn']) if (typeof v[k] === 'string') facts.push(formatDate(v[k]));
  return facts;
}

const cases = engineCases({ wohngeld: resolvePack('wohngeld'), kita: resolvePack('kita-beitrag') });

describe('letters from real engine decisions as PDF/A-2b + PDF/UA-1', () => {
  it('covers the 11 official Wohngeld examples, a refusal, Nachforderungen and the Kita cases', () => {
    expect(cases.filter(([n]) => /^Wohngeld B25-\d\d$/.test(n))).toHaveLength(11);
    expect(cases.filter(([n]) => n.startsWith('Kita')).length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('%s', async (_name, input) => {
    const letter = buildPrimaryLetter(input, S);
    const pdf = await renderer.render(letter, meta(letter.kind, false));
    const i = inspectPdf(pdf);
    expect(i.header).toBe('%PDF-1.7');
    expect(i.xrefConsistent).toBe(true);
    expect([i.pdfaPart, i.pdfaConformance, i.pdfuaPart]).toEqual(['2', 'B', '1']);
    expect(i.xmp).toContain('<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>');
    expect(i.structTreeRoot && i.markedContent && i.displayDocTitle && i.outputIntent && i.trailerId).toBe(true);
    expect(i.language).toBe('de-DE');
    expect(i.title).toBe(`${letter.title} – ${letter.aktenzeichen}`);
    expect(i.fonts.length).toBeGreaterThan(0);
    expect(i.fonts.every((f) => f.embedded)).toBe(true);
    expect(i.xmp).toContain('<amtsklar:aiAssisted>False</amtsklar:aiAssisted>');

    const { text, title, language } = await pdfText(pdf);
    expect(title).toBe(i.title);
    expect(language).toBe('de-DE');
    for (const fact of expectedFacts(input)) {
      if (fact.includes('(,00)?')) expect(squash(text)).toMatch(new RegExp(squash(fact).replace(/\./g, '\\.')));
      else expect(squash(text)).toContain(squash(fact));
    }
    if (letter.administrativeAct) {
      const p = letter.sections.find((s) => s.id === 'tenor')!;
      const tenor = p.blocks[0]!.type === 'p' ? p.blocks[0]!.text : '';
      expect(squash(text)).toContain(squash(tenor));
      expect(squash(text)).toContain(squash('Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden.'));
    }
  });

  it('an AI-assisted explanation carries the label in the text and in the XMP', async () => {
    const input = wohngeldInput('B25-04');
    const pdf = await renderer.render(buildErlaeuterung(input, S), meta('erlaeuterung', true));
    const i = inspectPdf(pdf);
    expect(i.xmp).toContain('<amtsklar:aiAssisted>True</amtsklar:aiAssisted>');
    expect(i.xmp).toContain('<amtsklar:reviewedBy>Anna Schulz</amtsklar:reviewedBy>');
    expect(i.xmp).toContain('<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>');
    expect(i.xmp).toContain('<pdfaSchema:prefix>amtsklar</pdfaSchema:prefix>');
    const { text } = await pdfText(pdf);
    expect(squash(text)).toContain(squash('Mit KI-Unterstützung erstellt, geprüft und freigegeben von Anna Schulz am 10.02.2025.'));
    expect(squash(text)).toContain(squash('Diese Erklärung ist nicht rechtsverbindlich.'));
  });

  it('the same letter gives the same bytes (reproducible, hashable for the ledger)', async () => {
    const letter = buildPrimaryLetter(wohngeldInput('B25-05'), S);
    const a = await renderer.render(letter, meta(letter.kind, false));
    const b = await renderer.render(letter, meta(letter.kind, false));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
