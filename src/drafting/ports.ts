import type { Letter } from './model.ts';
import type { PdfMeta } from './render/data.ts';

/** Sets a letter as PDF (the edge implements it with Typst: src/pdf). */
export interface PdfRenderer {
  render(letter: Letter, meta: PdfMeta): Promise<Uint8Array>;
}
