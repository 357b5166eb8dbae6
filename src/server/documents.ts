import type {} from '@fastify/multipart';
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AmtsklarError } from '../common/index.ts';
import type { Actor, CaseService, DocumentMeta } from '../cases/index.ts';

/**
 * Uploaded evidence: PDF, PNG or JPEG only, checked by the declared type *and* by the
 * file's first bytes (a renamed executable is refused), and by size.
 */
const KINDS: { type: string; magic: number[]; label: string }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d], label: 'PDF' },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], label: 'PNG' },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff], label: 'JPEG' },
];

/**
 * The upload's form as the OpenAPI document describes it (multipart bodies are read part by part
 * in receiveDocument, not validated by a schema, so this is for the document only).
 */
export const UPLOAD_FORM = {
  type: 'object',
  required: ['datei'],
  properties: {
    datei: { type: 'string', format: 'binary', description: 'Die Unterlage: PDF, PNG oder JPEG (Typ und erste Bytes werden geprüft), höchstens die eingestellte Größe (10 MiB voreingestellt)' },
    checklistId: { type: 'string', maxLength: 100, description: 'Der Nachweis der Checkliste, den die Unterlage erbringt (aus GET …/missing)' },
  },
} as const;

export function checkContent(contentType: string, content: Uint8Array): void {
  const kind = KINDS.find((k) => k.type === contentType.toLowerCase());
  if (!kind) {
    throw new AmtsklarError('invalid_input', `Dateityp „${contentType}“ ist nicht erlaubt. Erlaubt sind PDF, PNG und JPEG.`, [{ path: '$.datei', message: 'Dateityp nicht erlaubt.' }]);
  }
  if (content.length < kind.magic.length || !kind.magic.every((b, i) => content[i] === b)) {
    throw new AmtsklarError('invalid_input', `Der Inhalt der Datei ist kein ${kind.label}, obwohl sie als ${kind.label} angegeben ist.`, [
      { path: '$.datei', message: 'Dateiinhalt passt nicht zum Dateityp.' },
    ]);
  }
}

export async function receiveDocument(req: FastifyRequest, cases: CaseService, actor: Actor, caseId: string, maxBytes: number): Promise<DocumentMeta> {
  if (!req.isMultipart()) throw new AmtsklarError('invalid_input', 'Dateien bitte als multipart/form-data senden (Feld „datei“).', [{ path: '$.datei', message: 'keine Datei' }]);
  let checklistId: string | null = null;
  let file: { filename: string; mimetype: string; content: Buffer } | null = null;
  for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 5 } })) {
    if (part.type === 'field') {
      if (part.fieldname !== 'checklistId') throw new AmtsklarError('invalid_input', `Das Feld „${part.fieldname}“ ist nicht erlaubt.`, [{ path: `$.${part.fieldname}`, message: 'unbekanntes Feld' }]);
      checklistId = String(part.value).slice(0, 100) || null;
    } else {
      if (part.fieldname !== 'datei') throw new AmtsklarError('invalid_input', 'Die Datei muss im Feld „datei“ stehen.', [{ path: `$.${part.fieldname}`, message: 'unbekanntes Feld' }]);
      const content = await part.toBuffer();
      if (part.file.truncated) throw new AmtsklarError('invalid_input', 'Die Datei ist zu groß.');
      file = { filename: part.filename.slice(0, 200), mimetype: part.mimetype, content };
    }
  }
  if (!file) throw new AmtsklarError('invalid_input', 'Es wurde keine Datei übermittelt (Feld „datei“).', [{ path: '$.datei', message: 'Pflichtfeld fehlt.' }]);
  if (file.content.length === 0) throw new AmtsklarError('invalid_input', 'Die Datei ist leer.', [{ path: '$.datei', message: 'leer' }]);
  checkContent(file.mimetype, file.content);
  return cases.addDocument(
    actor,
    caseId,
    {
      id: randomUUID(),
      checklistId,
      filename: file.filename,
      contentType: file.mimetype.toLowerCase(),
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
    },
    file.content,
  );
}
