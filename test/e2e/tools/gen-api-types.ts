// `npm run gen:api-types`: regenerates web/shared/api-types.ts from the server's routes.
import { API_TYPES_FILE, generateApiTypes, writeApiTypes } from './api-types.ts';

writeApiTypes(await generateApiTypes());
console.log(`API-Typen geschrieben: ${API_TYPES_FILE}`);
