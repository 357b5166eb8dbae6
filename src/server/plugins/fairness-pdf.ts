import { NodeCompiler, type NodeTypstDocument } from '@myriaddreamin/typst-ts-node-compiler';
import { reportTypstSource, type SignedFairnessReport } from '../../fairness/index.ts';
import { addPdfUaAndProvenance, PDFUA_PART, type XmpProperty } from '../../pdf/index.ts';

/** Virtual workspace: every file the document reads is mapped in from memory. */
const WORKSPACE = '/amtsklar-fairness-report';
const NS = 'http://ns.amtsklar.org/xmp/fairness/1.0/';

let compiler: NodeCompiler | null = null;

function prop(name: string, description: string, value: string): XmpProperty {
  return { prefix: 'amtsklarFairness', namespace: NS, schemaName: 'Amtsklar fairness report', name, valueType: 'Text', description, value };
}

/**
 * A signed fairness report as PDF/A-2b + PDF/UA-1, through the Typst pipeline of src/pdf:
 * compiled once, exported as `ua-1` (Typst's PDF/UA-1 checks: title, language, alt text
 * of every chart, heading order — any violation fails) and as `a-2b` (kept), to which
 * src/pdf adds the PDF/UA identification and the report's hash and id as XMP. The same
 * report gives the same bytes.
 */
export function renderFairnessPdf(signed: SignedFairnessReport): Uint8Array {
  const source = reportTypstSource(signed);
  compiler ??= NodeCompiler.create({ workspace: WORKSPACE });
  const c = compiler;
  // Synchronous from here on, so concurrent requests cannot mix their shadow files.
  c.resetShadow();
  for (const [path, text] of Object.entries(source.files)) c.mapShadow(`${WORKSPACE}${path}`, Buffer.from(text, 'utf8'));
  const result = c.compile({ mainFileContent: source.main });
  const error = result.takeError();
  if (error || !result.result) {
    throw new Error(`Der Fairness-Bericht konnte nicht gesetzt werden: ${error ? diagnostics(c, error) : 'kein Ergebnis'}`);
  }
  const doc: NodeTypstDocument = result.result;
  const at = Math.floor(Date.parse(signed.report.generatedAt) / 1000);
  const exportAs = (standard: 'ua-1' | 'a-2b'): Buffer => {
    try {
      return c.pdf(doc, { pdfStandard: standard, creationTimestamp: at });
    } catch (e) {
      throw new Error(`Der Fairness-Bericht erfüllt ${standard === 'ua-1' ? 'PDF/UA-1' : 'PDF/A-2b'} nicht: ${String(e)}`);
    }
  };
  exportAs('ua-1');
  return addPdfUaAndProvenance(exportAs('a-2b'), [
    PDFUA_PART,
    prop('reportId', 'Id of the signed fairness report', signed.report.reportId),
    prop('reportHash', 'sha256 of the canonical JSON of the report (recorded in the ledger)', signed.signature.reportHash),
    prop('signature', 'Ed25519 signature over the canonical JSON of the report (base64)', signed.signature.value),
  ]);
}

function diagnostics(c: NodeCompiler, err: unknown): string {
  try {
    return (c.fetchDiagnostics(err as never) as { message: string }[]).map((d) => d.message).join('; ');
  } catch {
    return String(err);
  }
}
