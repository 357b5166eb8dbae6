export { TypstPdfRenderer, TEMPLATE_DIR } from './typst.ts';
export { addPdfUaAndProvenance, addXmpProperties, PDFUA_PART, type XmpProperty } from './standards.ts';
export { inspectPdf, type PdfInspection } from './inspect.ts';
