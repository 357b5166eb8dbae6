import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeCompiler, type NodeTypstDocument } from '@myriaddreamin/typst-ts-node-compiler';
import QRCode from 'qrcode';
import { AmtsklarError } from '../common/index.ts';
import { renderData, type Letter, type PdfMeta, type PdfRenderer } from '../drafting/index.ts';
import { addPdfUaAndProvenance, PDFUA_PART, type XmpProperty } from './standards.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const TEMPLATE_DIR = join(here, '../../templates/typst');

const NS = 'http://ns.amtsklar.org/xmp/provenance/1.0/';
const IPTC = 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/';
/** IPTC digital source type for content made with the help of a trained model (used for AI labelling). */
const AI_SOURCE = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';

function provenanceProps(meta: PdfMeta): XmpProperty[] {
  const p = (name: string, valueType: XmpProperty['valueType'], description: string, value: string | null): XmpProperty[] =>
    value === null ? [] : [{ prefix: 'amtsklar', namespace: NS, schemaName: 'Amtsklar provenance', name, valueType, description, value }];
  const x = meta.xmp;
  return [
    PDFUA_PART,
    ...p('letterKind', 'Text', 'Kind of letter', x.letterKind),
    ...p('aiAssisted', 'Boolean', 'A language model contributed text (EU AI Act Art. 50)', x.aiAssisted ? 'True' : 'False'),
    ...p('aiStatement', 'Text', 'Human-readable AI label as printed in the letter', x.statement),
    ...p('model', 'Text', 'Model name and version that contributed text', x.model),
    ...p('promptTemplate', 'Text', 'Prompt template id and version', x.promptTemplate),
    ...p('reviewedBy', 'Text', 'Person who reviewed and approved the text', x.reviewedBy),
    ...p('reviewedAt', 'Date', 'Time of approval', x.reviewedAt),
    ...p('decisionResultHash', 'Text', 'resultHash of the decision record the letter states', x.decisionResultHash),
    ...(x.aiAssisted
      ? [{ prefix: 'Iptc4xmpExt', namespace: IPTC, schemaName: 'IPTC Extension Schema', name: 'DigitalSourceType', valueType: 'URI' as const, description: 'Type of the source of the digital content', value: AI_SOURCE }]
      : []),
  ];
}

function diagnostics(compiler: NodeCompiler, err: unknown): string {
  try {
    return (compiler.fetchDiagnostics(err as never) as { message: string }[]).map((d) => d.message).join('; ');
  } catch {
    return String(err);
  }
}

/**
 * Typst letters as PDF/A-2b + PDF/UA-1 (see standards.ts for why two exports). Offline:
 * the template is read from the repository, the fonts are those compiled into the Typst
 * package (DejaVu Sans, Libertinus Serif), nothing is downloaded.
 */
export class TypstPdfRenderer implements PdfRenderer {
  private readonly compiler: NodeCompiler;
  private readonly template: string;
  private readonly dir: string;

  constructor(templateDir = TEMPLATE_DIR) {
    this.dir = templateDir;
    this.template = readFileSync(join(templateDir, 'letter.typ'), 'utf8');
    this.compiler = NodeCompiler.create({ workspace: templateDir });
  }

  async render(letter: Letter, meta: PdfMeta): Promise<Uint8Array> {
    const data = renderData(letter, meta);
    const svg = meta.receipt
      ? await QRCode.toString(meta.receipt.text, { type: 'svg', errorCorrectionLevel: 'M', margin: 0, color: { dark: '#000000ff', light: '#ffffffff' } })
      : null;
    // From here on everything is synchronous, so concurrent renders cannot mix their shadow files.
    const c = this.compiler;
    c.resetShadow();
    c.mapShadow(join(this.dir, 'data.json'), Buffer.from(JSON.stringify(data), 'utf8'));
    if (svg) c.mapShadow(join(this.dir, 'qr.svg'), Buffer.from(svg, 'utf8'));
    const result = c.compile({ mainFileContent: this.template });
    const error = result.takeError();
    if (error || !result.result) {
      throw new AmtsklarError('invalid_input', `Der Brief konnte nicht gesetzt werden: ${error ? diagnostics(c, error) : 'kein Ergebnis'}`, [{ path: 'templates/typst/letter.typ', message: 'Satzfehler' }]);
    }
    const doc: NodeTypstDocument = result.result;
    const exportAs = (standard: 'ua-1' | 'a-2b'): Buffer => {
      try {
        return c.pdf(doc, { pdfStandard: standard, creationTimestamp: Math.floor(Date.UTC(data.date.year, data.date.month - 1, data.date.day) / 1000) });
      } catch (e) {
        throw new AmtsklarError('invalid_input', `Der Brief erfüllt ${standard === 'ua-1' ? 'PDF/UA-1' : 'PDF/A-2b'} nicht: ${String(e)}`, [{ path: 'templates/typst/letter.typ', message: standard }]);
      }
    };
    exportAs('ua-1');
    return addPdfUaAndProvenance(exportAs('a-2b'), provenanceProps(meta));
  }
}
