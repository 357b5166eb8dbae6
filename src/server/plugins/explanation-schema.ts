/** An engine explanation (src/engine `explain`) as the API sends it: citizen or caseworker view. */
export const EXPLANATION_SCHEMA = {
  type: 'object',
  required: ['audience', 'title', 'summary', 'sections', 'notes'],
  properties: {
    audience: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'array', items: { type: 'string' } },
    sections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'lines'],
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          lines: {
            type: 'array',
            items: {
              type: 'object',
              required: ['rule', 'label', 'norm', 'value', 'details'],
              properties: { rule: { type: 'string' }, label: { type: 'string' }, norm: { type: 'string' }, value: { type: 'string' }, item: { type: 'string' }, details: { type: 'array', items: { type: 'string' } } },
            },
          },
        },
      },
    },
    notes: { type: 'array', items: { type: 'string' } },
  },
} as const;
