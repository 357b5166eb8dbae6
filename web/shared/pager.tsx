import type { ReactNode } from 'react';

/**
 * Previous / next page of a long list, as one labelled navigation: the page shown between the
 * buttons, a button disabled at either end. `children` go into the same navigation (e.g. the
 * page size).
 */
export function Pager(p: { page: number; pages: number; label: string; prev: string; next: string; onPage(page: number): void; children?: ReactNode }) {
  return (
    <nav aria-label={p.label} className="actions">
      <button type="button" className="btn" disabled={p.page <= 1} onClick={() => p.onPage(p.page - 1)}>
        {p.prev}
      </button>
      <span>
        {p.page} / {p.pages}
      </span>
      <button type="button" className="btn" disabled={p.page >= p.pages} onClick={() => p.onPage(p.page + 1)}>
        {p.next}
      </button>
      {p.children}
    </nav>
  );
}
