import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Accessibility helpers every page uses:
 *  - `useAnnounce()` speaks a message through a polite (or assertive) live region, for
 *    results that appear without a page change (saved, uploaded, new chat answer);
 *  - `usePageTitle()` names the page in the browser tab (WCAG 2.4.2);
 *  - `PageHeading` is the page's h1; after a navigation the shell moves focus to it, so
 *    screen-reader and keyboard users start at the new content (WCAG 2.4.3).
 */
type Politeness = 'polite' | 'assertive';
const AnnounceCtx = createContext<(message: string, politeness?: Politeness) => void>(() => undefined);

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  const announce = useCallback((message: string, politeness: Politeness = 'polite') => {
    const set = politeness === 'assertive' ? setAssertive : setPolite;
    // Clear first, so the same message twice is still announced.
    set('');
    window.setTimeout(() => set(message), 50);
  }, []);
  return (
    <AnnounceCtx.Provider value={announce}>
      {children}
      <div className="visually-hidden" aria-live="polite" role="status" data-testid="announcer-polite">
        {polite}
      </div>
      <div className="visually-hidden" aria-live="assertive" role="alert" data-testid="announcer-assertive">
        {assertive}
      </div>
    </AnnounceCtx.Provider>
  );
}

export function useAnnounce(): (message: string, politeness?: Politeness) => void {
  return useContext(AnnounceCtx);
}

const SITE = 'Amtsklar · Stadt Musterstadt';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} – ${SITE}` : SITE;
  }, [title]);
}

/**
 * After a client-side navigation, until when the next page heading that appears takes the focus.
 * The heading focuses itself in the commit that shows it — a timer that looked for it later
 * could move the focus after the person (or a test) had already moved on to a field.
 */
let headingFocusDueUntil = 0;
const HEADING_FOCUS_WINDOW_MS = 2000;

/**
 * `focus`: the heading takes the focus when it appears — for a page that replaces the content
 * under a button that is gone now (the confirmation after sending an application), where the
 * focus would otherwise fall back to the start of the document.
 */
export function PageHeading({ children, lang, focus }: { children: ReactNode; lang?: string; focus?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    if (focus) {
      headingFocusDueUntil = 0;
      ref.current?.focus();
      return;
    }
    if (headingFocusDueUntil === 0) return;
    const due = Date.now() <= headingFocusDueUntil;
    headingFocusDueUntil = 0;
    if (due) ref.current?.focus();
  }, []);
  return (
    <h1 id="page-heading" ref={ref} tabIndex={-1} lang={lang}>
      {children}
    </h1>
  );
}

/**
 * Returns `request()`: the next render then moves focus to the element `id` (a step heading).
 * It happens in the same commit that shows the element, so focus cannot jump there later,
 * after the person has already moved on — a timer could fire after their first key press.
 */
export function useFocusAfterRender(id: string): () => void {
  const pending = useRef(false);
  useLayoutEffect(() => {
    if (!pending.current) return;
    pending.current = false;
    document.getElementById(id)?.focus();
  });
  return useCallback(() => {
    pending.current = true;
  }, []);
}

/**
 * Moves focus to the page heading after client-side navigation (not on the first load), so
 * screen-reader and keyboard users start at the new content (WCAG 2.4.3). A page that is
 * already rendered gets it at once; a lazily loaded one when its heading appears (PageHeading).
 */
export function useFocusOnNavigation(key: string): void {
  const first = useRef(true);
  useLayoutEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // While a lazily loaded page loads, Suspense keeps the previous page in the document, hidden:
    // its heading does not count.
    const h = document.getElementById('page-heading');
    if (h && h.getClientRects().length > 0) {
      headingFocusDueUntil = 0;
      h.focus();
    } else headingFocusDueUntil = Date.now() + HEADING_FOCUS_WINDOW_MS;
  }, [key]);
}

/** Visually hidden text for screen readers (e.g. the unit of a figure). */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
