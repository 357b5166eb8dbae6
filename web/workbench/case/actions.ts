import { useCallback, useState } from 'react';
import { useAnnounce } from '../../shared/a11y.tsx';
import { ApiError, api, callAs } from '../../shared/api.ts';
import type { paths } from '../../shared/api-types.ts';
import type { StaffCase } from '../../shared/api-views.ts';
import { useT } from '../../shared/i18n.tsx';
import { wb } from '../messages.ts';

/** The workflow steps the workbench posts to (each with the case version it was based on). */
export type Step = 'check' | 'request-documents' | 'remind' | 'complete' | 'discretion' | 'overrides' | 'submit-review' | 'return' | 'approve' | 'issue' | 'reassess' | 'approve-abhilfe' | 'return-abhilfe';
type StepPath = `/api/cases/{id}/${Step}`;
type Body<P extends StepPath> = paths[P] extends { post: { requestBody: { content: { 'application/json': infer B } } } } ? Omit<B, 'version'> : never;

export interface ActionState {
  busy: boolean;
  /** The server's message and the fields it names (for inline display). */
  error: ApiError | null;
  message: string | null;
}

/**
 * Runs a workflow step on the case: sends the version the page shows (optimistic locking),
 * takes the case the server answers, and on 409 (someone else changed it) reloads and says so.
 */
export function useCaseAction(c: StaffCase, setCase: (c: StaffCase) => void, reload: () => Promise<void>) {
  const t = useT(wb);
  const announce = useAnnounce();
  const [state, setState] = useState<ActionState>({ busy: false, error: null, message: null });
  const run = useCallback(
    async <S extends Step>(step: S, body: Body<`/api/cases/{id}/${S}`>, done?: string): Promise<boolean> => {
      setState({ busy: true, error: null, message: null });
      try {
        const next = await callAs<StaffCase>(api.POST(`/api/cases/{id}/${step}` as '/api/cases/{id}/check', { params: { path: { id: c.id } }, body: { ...(body as object), version: c.version } as never }));
        setCase(next);
        const msg = done ?? t('saved');
        setState({ busy: false, error: null, message: msg });
        announce(msg);
        await reload();
        return true;
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
        if (err.status === 409 && /geändert/.test(err.message)) {
          await reload();
          setState({ busy: false, error: new ApiError(409, 'conflict', `${err.message} ${t('conflict')}`), message: null });
        } else setState({ busy: false, error: err, message: null });
        announce(err.message, 'assertive');
        return false;
      }
    },
    [c.id, c.version, setCase, reload, announce, t],
  );
  const clear = useCallback(() => setState({ busy: false, error: null, message: null }), []);
  return { ...state, run, clear };
}

/** The server's message for a field (`$.reason`), if it named one. */
export function fieldError(e: ApiError | null, path: string): string | null {
  return e?.problems.find((p) => p.path === path)?.message ?? null;
}
