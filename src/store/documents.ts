import type { DocumentMeta } from '../cases/index.ts';
import type { Sql } from './db.ts';

export async function insertDocument(db: Sql, d: DocumentMeta & { content: Uint8Array; uploadedBy: string | null }): Promise<void> {
  await db.query(
    `INSERT INTO documents (id, case_id, municipality_id, checklist_id, filename, content_type, size, sha256, content, uploaded_by_kind, uploaded_by, created_at)
     SELECT $1, $2, municipality_id, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM cases WHERE id = $2`,
    [d.id, d.caseId, d.checklistId, d.filename, d.contentType, d.size, d.sha256, d.content, d.uploadedByKind, d.uploadedBy, d.createdAt],
  );
}
