import { describe, expect, it } from 'vitest';
import { committedApiTypes, generateApiTypes } from './tools/api-types.ts';

describe('web/shared/api-types.ts', () => {
  it('matches the OpenAPI document the server serves (run `npm run gen:api-types` after changing a route)', async () => {
    const fresh = await generateApiTypes();
    // Compared as a whole: a route added, removed or changed anywhere makes the web app's types stale.
    expect(committedApiTypes() === fresh, 'web/shared/api-types.ts ist veraltet: bitte `npm run gen:api-types` ausführen und die Datei mit einchecken.').toBe(true);
  });
});
