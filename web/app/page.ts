/**
 * What a page receives and where it belongs. Kept apart from routes.ts (which imports every
 * page) so that pages can name their props without an import cycle.
 */
export type PageProps = { params: Record<string, string> };

/** Chooses the navigation: the citizen portal or the staff area (workbench, administration). */
export type Area = 'portal' | 'staff';
