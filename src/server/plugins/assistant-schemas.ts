/**
 * JSON schemas of the assistant API: request validation, and the response shape that the
 * citizen portal's chat widget renders (documented in OpenAPI under „Bürger-Assistent“).
 */
const str = { type: 'string' } as const;

export const SERVICE_PARAMS = {
  type: 'object',
  required: ['serviceId'],
  additionalProperties: false,
  properties: { serviceId: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,80}$', description: 'Kennung der Leistung' } },
} as const;

export const REVISION_PARAMS = {
  type: 'object',
  required: ['serviceId', 'revision'],
  additionalProperties: false,
  properties: { ...SERVICE_PARAMS.properties, revision: { type: 'integer', minimum: 1, description: 'Nummer der Fassung' } },
} as const;

export const CHAT_BODY = {
  type: 'object',
  required: ['message'],
  additionalProperties: false,
  properties: {
    message: { type: 'string', minLength: 1, maxLength: 1000, description: 'Die Frage (keine persönlichen Daten)' },
    lang: { type: 'string', enum: ['de', 'en'], description: 'Sprache der Oberfläche; ohne Angabe: Deutsch für deutsche Fragen, sonst Englisch' },
    first: { type: 'boolean', description: 'Erste Interaktion: die Antwort enthält zusätzlich die Begrüßung' },
  },
} as const;

const OFFICE = {
  type: 'object',
  required: ['name', 'address', 'phone', 'openingHours'],
  properties: { name: str, address: str, phone: str, email: str, openingHours: str, appointmentUrl: str },
} as const;

export const CHAT_RESPONSE = {
  type: 'object',
  required: ['disclosure', 'language', 'uiLanguage', 'mode', 'citations', 'provenance'],
  properties: {
    disclosure: {
      type: 'object',
      required: ['text', 'firstInteraction'],
      description: 'KI-Hinweis nach Art. 50 KI-VO – bei jeder Antwort sichtbar anzeigen',
      properties: { text: str, firstInteraction: { type: 'boolean' } },
    },
    welcome: { ...str, description: 'Begrüßung, nur bei der ersten Interaktion' },
    language: { ...str, description: 'Erkannte Sprache der Frage (de, en, tr, ar, uk, ru, pl, fr, es)' },
    uiLanguage: { type: 'string', enum: ['de', 'en'] },
    mode: { type: 'string', enum: ['generated', 'extractive', 'handover'] },
    answer: {
      type: 'object',
      required: ['text', 'notice'],
      properties: {
        text: { ...str, description: 'Antworttext mit Quellenverweisen [n]' },
        notice: { ...str, description: 'Hinweis zur Entstehung (geprüft, übersetzt)' },
        statements: {
          type: 'array',
          items: {
            type: 'object',
            required: ['text', 'citations'],
            properties: { text: str, textDe: { ...str, description: 'geprüfte deutsche Fassung bei Antworten in anderen Sprachen' }, citations: { type: 'array', items: { type: 'integer' } } },
          },
        },
      },
    },
    citations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['n', 'serviceId', 'serviceTitle', 'anchor', 'heading', 'url', 'excerpt'],
        properties: { n: { type: 'integer' }, serviceId: str, serviceTitle: str, anchor: str, heading: str, url: { ...str, description: 'Link auf den genauen Abschnitt' }, excerpt: { ...str, description: 'Deutscher Quelltext des Abschnitts (gekürzt)' } },
      },
    },
    handover: {
      type: 'object',
      required: ['reason', 'message', 'emergency'],
      properties: {
        reason: { type: 'string', enum: ['requested', 'crisis', 'violence', 'emergency', 'legal_dispute', 'staff_complaint', 'case_data', 'no_source', 'unsupported', 'model_error'] },
        message: str,
        office: OFFICE,
        emergency: { type: 'array', items: { type: 'object', required: ['id', 'name', 'number', 'note'], properties: { id: str, name: str, number: str, note: str } } },
      },
    },
    piiWarning: { type: 'object', required: ['message', 'kinds'], properties: { message: str, kinds: { type: 'array', items: str } } },
    injectionNotice: str,
    provenance: {
      type: 'object',
      required: ['contentVersion', 'retrieval', 'checks'],
      properties: {
        contentVersion: str,
        retrieval: { type: 'string', enum: ['lexical', 'hybrid'] },
        model: str,
        promptVersion: str,
        checks: {
          type: 'object',
          required: ['issues'],
          properties: { support: { type: 'string', enum: ['passed', 'failed'] }, policy: { type: 'string', enum: ['passed', 'failed'] }, issues: { type: 'array', items: str } },
        },
      },
    },
  },
} as const;

export const WELCOME_RESPONSE = {
  type: 'object',
  required: ['disclosure', 'welcome', 'available'],
  properties: { disclosure: str, welcome: str, available: { type: 'boolean' }, unavailableMessage: str },
} as const;

export const FEEDBACK_BODY = {
  type: 'object',
  required: ['consent', 'helpful', 'question', 'answer', 'citations', 'language', 'mode'],
  additionalProperties: false,
  properties: {
    consent: { type: 'boolean', description: 'Ausdrückliche Einwilligung, dass diese Rückmeldung gespeichert wird' },
    helpful: { type: 'boolean' },
    question: { type: 'string', minLength: 1, maxLength: 1000 },
    answer: { type: 'string', maxLength: 8000 },
    citations: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 500 } },
    comment: { type: 'string', maxLength: 2000 },
    language: { type: 'string', maxLength: 5 },
    mode: { type: 'string', enum: ['generated', 'extractive', 'handover'] },
  },
} as const;

export const REVISION = {
  type: 'object',
  required: ['serviceId', 'revision', 'state', 'text', 'textHash', 'author', 'version', 'history'],
  properties: {
    serviceId: str,
    revision: { type: 'integer' },
    state: { type: 'string', enum: ['entwurf', 'in_pruefung', 'veroeffentlicht', 'ersetzt', 'zurueckgezogen'] },
    text: str,
    textHash: str,
    author: str,
    version: { type: 'integer' },
    history: { type: 'array', items: { type: 'object', required: ['action', 'actor', 'at'], properties: { action: str, actor: str, at: str, comment: str } } },
  },
} as const;
