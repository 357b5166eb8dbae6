import type { AssigneeCandidate, ObjectionRouting, ObjectionStore, ObjectionUnitOfWork } from '../participation/index.ts';
import type { Db, Row, Sql } from './db.ts';

/** Objection routing (participation_objections) over the platform's case tables. */

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

function routingFrom(r: Row): ObjectionRouting {
  return {
    objectionId: String(r.objection_id),
    caseId: String(r.case_id),
    municipalityId: String(r.municipality_id),
    assignedTo: r.assigned_to == null ? null : String(r.assigned_to),
    assignedBy: r.assigned_by == null ? null : String(r.assigned_by),
    assignedAt: r.assigned_at == null ? null : iso(r.assigned_at),
  };
}

class SqlObjectionUnitOfWork implements ObjectionUnitOfWork {
  constructor(private readonly tx: Sql) {}

  async routing(objectionId: string, lock = false): Promise<ObjectionRouting | null> {
    const [r] = await this.tx.query(`SELECT * FROM participation_objections WHERE objection_id = $1${lock ? ' FOR UPDATE' : ''}`, [objectionId]);
    return r ? routingFrom(r) : null;
  }

  async openObjection(m: string, caseId: string) {
    const [r] = await this.tx.query<{ id: string; filed_at: unknown }>('SELECT id, filed_at FROM objections WHERE municipality_id = $1 AND case_id = $2 AND result IS NULL ORDER BY filed_at DESC LIMIT 1', [m, caseId]);
    return r ? { id: String(r.id), filedAt: iso(r.filed_at) } : null;
  }

  async caseForObjection(m: string, caseId: string) {
    const [r] = await this.tx.query<{ team_id: string | null; assigned_to: string | null; issued_by: string | null; approvals: { by: string }[] | null }>(
      'SELECT team_id, assigned_to, issued_by, approvals FROM cases WHERE municipality_id = $1 AND id = $2',
      [m, caseId],
    );
    if (!r) return null;
    const involved = [r.assigned_to, r.issued_by, ...(r.approvals ?? []).map((a) => a.by)].filter((x): x is string => typeof x === 'string' && x !== '');
    return { teamId: r.team_id, involved: involved.map(String) };
  }

  async candidates(m: string, teamId: string): Promise<AssigneeCandidate[]> {
    const rows = await this.tx.query<{ id: string; role: 'caseworker' | 'team_lead'; active: boolean; open: number | string }>(
      `SELECT u.id, u.role, u.active,
              (SELECT count(*) FROM participation_objections po JOIN objections o ON o.id = po.objection_id
                WHERE po.assigned_to = u.id AND o.result IS NULL)::int AS open
       FROM users u WHERE u.municipality_id = $1 AND u.team_id = $2 AND u.role IN ('caseworker', 'team_lead')
       ORDER BY u.id`,
      [m, teamId],
    );
    return rows.map((r) => ({ id: String(r.id), role: r.role, active: Boolean(r.active), openObjections: Number(r.open) }));
  }

  async saveRouting(r: ObjectionRouting): Promise<void> {
    await this.tx.query(
      `INSERT INTO participation_objections (objection_id, case_id, municipality_id, assigned_to, assigned_by, assigned_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (objection_id) DO UPDATE SET assigned_to = EXCLUDED.assigned_to, assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at`,
      [r.objectionId, r.caseId, r.municipalityId, r.assignedTo, r.assignedBy, r.assignedAt],
    );
  }
}

export function objectionStore(db: Db): ObjectionStore {
  return { unitOfWork: (fn) => db.transaction((tx) => fn(new SqlObjectionUnitOfWork(tx))) };
}

export interface ObjectionWorkItem {
  objectionId: string;
  caseId: string;
  aktenzeichen: string;
  packId: string;
  state: string;
  filedAt: string;
  assignedTo: string | null;
  assignedToName: string | null;
  mine: boolean;
}

/** The open objections of a team, with who is to reassess them (no objection text: that is personal data, read in the case). */
export async function objectionWorklist(db: Sql, m: string, teamId: string | null, userId: string): Promise<{ unrouted: string[]; items: ObjectionWorkItem[] }> {
  if (!teamId) return { unrouted: [], items: [] };
  const rows = await db.query<{ objection_id: string; case_id: string; aktenzeichen: string; pack_id: string; state: string; filed_at: unknown; assigned_to: string | null; name: string | null; routed: boolean }>(
    `SELECT o.id AS objection_id, c.id AS case_id, c.aktenzeichen, c.pack_id, c.state, o.filed_at, po.assigned_to, u.display_name AS name, po.objection_id IS NOT NULL AS routed
     FROM objections o JOIN cases c ON c.id = o.case_id
     LEFT JOIN participation_objections po ON po.objection_id = o.id
     LEFT JOIN users u ON u.id = po.assigned_to
     WHERE o.municipality_id = $1 AND c.team_id = $2 AND o.result IS NULL
     ORDER BY o.filed_at`,
    [m, teamId],
  );
  return {
    unrouted: rows.filter((r) => !r.routed).map((r) => String(r.case_id)),
    items: rows.map((r) => ({
      objectionId: String(r.objection_id),
      caseId: String(r.case_id),
      aktenzeichen: r.aktenzeichen,
      packId: r.pack_id,
      state: r.state,
      filedAt: iso(r.filed_at),
      assignedTo: r.assigned_to == null ? null : String(r.assigned_to),
      assignedToName: r.name,
      mine: r.assigned_to != null && String(r.assigned_to) === userId,
    })),
  };
}
