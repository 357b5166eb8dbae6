import { parseFieldList, type FieldList } from './field-list.ts';
import nlJson from './field-lists/nl-algoritmeregister-1.0.0.json' with { type: 'json' };
import eurocitiesJson from './field-lists/eurocities-ats-0.3.1.json' with { type: 'json' };
import ukJson from './field-lists/uk-atrs-3.0.json' with { type: 'json' };
import euDbJson from './field-lists/eu-db-annex-viii-c.json' with { type: 'json' };
import euDbRestrictedJson from './field-lists/eu-db-annex-viii-c-restricted.json' with { type: 'json' };

export const NL_ALGORITMEREGISTER: FieldList = parseFieldList(nlJson, 'nl-algoritmeregister-1.0.0.json');
export const EUROCITIES_ATS: FieldList = parseFieldList(eurocitiesJson, 'eurocities-ats-0.3.1.json');
export const UK_ATRS: FieldList = parseFieldList(ukJson, 'uk-atrs-3.0.json');
export const EU_DB_ANNEX_VIII_C: FieldList = parseFieldList(euDbJson, 'eu-db-annex-viii-c.json');
export const EU_DB_ANNEX_VIII_C_RESTRICTED: FieldList = parseFieldList(euDbRestrictedJson, 'eu-db-annex-viii-c-restricted.json');

export const FIELD_LISTS: readonly FieldList[] = [NL_ALGORITMEREGISTER, EUROCITIES_ATS, UK_ATRS, EU_DB_ANNEX_VIII_C, EU_DB_ANNEX_VIII_C_RESTRICTED];
