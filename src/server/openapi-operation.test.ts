import { describe, expect, it } from 'vitest';
import { documentedAnswers, documentedOperation, errorStatuses } from './openapi-operation.ts';

describe('documentedOperation', () => {
  it('states the access rule for programs and people; public operations ask for no token', () => {
    const pub = documentedOperation({ summary: 'x', description: 'Was es tut.' }, { access: 'public' })!;
    expect(pub).toMatchObject({ 'x-amtsklar-access': 'public', security: [], description: 'Was es tut.\n\nZugriff: ohne Anmeldung.' });
    const staff = documentedOperation({ summary: 'x' }, { access: ['caseworker', 'team_lead'] })!;
    expect(staff['x-amtsklar-access']).toEqual(['caseworker', 'team_lead']);
    expect(staff.description).toBe('Zugriff: Sachbearbeitung, Teamleitung.');
    expect('security' in staff).toBe(false);
    expect(documentedOperation({ summary: 'x' }, { access: 'authenticated' })!.description).toBe('Zugriff: jede angemeldete Person.');
  });

  it("lists a route's own answers instead of the default 200, keeping schemas the route declares", () => {
    expect(documentedOperation({}, { access: 'public', answers: [201] })!.response).toEqual({ 201: { description: 'Angelegt' } });
    expect(documentedOperation({}, { access: 'public', answers: [204] })!.response).toEqual({ 204: { description: 'Erledigt, ohne Inhalt', type: 'null' } });
    const declared = { type: 'object', properties: { id: { type: 'string' } } };
    expect(documentedOperation({ response: { 201: declared } }, { access: 'public', answers: [201] })!.response).toEqual({ 201: declared });
    expect('response' in documentedOperation({}, { access: 'public' })!).toBe(false);
    const receipt = { type: 'object', required: ['caseId'], properties: { caseId: { type: 'string' } } };
    expect(documentedOperation({}, { access: 'public', answers: [201], documentedResponses: { 201: receipt } })!.response).toEqual({ 201: { description: 'Angelegt', ...receipt } });
  });

  it('describes a body the route reads itself (an upload) without replacing a declared one', () => {
    const form = { type: 'object', properties: { datei: { type: 'string', format: 'binary' } } };
    expect(documentedOperation({ consumes: ['multipart/form-data'] }, { access: ['citizen'], documentedBody: form })!.body).toBe(form);
    expect(documentedOperation({ body: { type: 'object' } }, { access: ['citizen'], documentedBody: form })!.body).toEqual({ type: 'object' });
  });

  it('leaves routes without an access rule (the web app) alone', () => {
    expect(documentedOperation({ summary: 'x' }, {})).toBeUndefined();
    expect(documentedOperation(undefined, undefined)).toBeUndefined();
  });
});

describe('documentedAnswers', () => {
  const doc = () => ({
    paths: {
      '/api/cases/{id}/approve': { post: { parameters: [{ in: 'path' }], requestBody: {}, responses: { 200: { description: 'Default Response' } }, 'x-amtsklar-access': ['team_lead'] } },
      '/api/packs': { get: { responses: { 200: { description: 'Default Response' } }, 'x-amtsklar-access': 'public' } },
      '/api/auth/login': { post: { responses: { 200: { description: 'Erfolg' }, 401: { description: 'Anmeldung fehlgeschlagen' } }, 'x-amtsklar-access': 'public' } },
      '/': { get: { responses: { 200: { description: 'Default Response' } } } },
    },
  });

  it('adds the shared error answers each operation can give, with the one error body', () => {
    const d = documentedAnswers(doc());
    const approve = d.paths['/api/cases/{id}/approve'].post.responses as Record<string, { $ref?: string; description?: string }>;
    expect(Object.keys(approve)).toEqual(['200', '400', '401', '403', '404', '409', '413', '414', '415', '429', '500']);
    expect(approve['200']!.description).toBe('Erfolg');
    expect(approve['401']!.$ref).toBe('#/components/responses/NichtAngemeldet');
    // a public read: no 401, no body limits, no path parameter
    expect(Object.keys(d.paths['/api/packs'].get.responses)).toEqual(['200', '400', '403', '404', '409', '429', '500']);
    // a login's own 401 keeps its description and gets the error body
    expect(d.paths['/api/auth/login'].post.responses[401]).toEqual({ description: 'Anmeldung fehlgeschlagen', content: { 'application/json': { schema: { $ref: '#/components/schemas/Fehler' } } } });
    expect(Object.keys(d.paths['/'].get.responses)).toEqual(['200']);
    expect((d as { components?: { responses?: Record<string, unknown> } }).components!.responses!.Ungueltig).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/Fehler' } } } });
  });

  it('gives the same document when applied twice', () => {
    const once = documentedAnswers(doc());
    expect(documentedAnswers(structuredClone(once))).toEqual(once);
  });

  it('lets every request with a body be too large or of the wrong type, uploads included', () => {
    expect(errorStatuses('post', { 'x-amtsklar-access': 'public' })).toContain('413');
    expect(errorStatuses('get', { 'x-amtsklar-access': 'public' })).not.toContain('415');
    expect(errorStatuses('get', {})).toEqual([]);
  });
});
