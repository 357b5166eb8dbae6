import { guardOutbound, scanPii } from '../privacy/index.ts';
import type { Catalog } from './model.ts';

export interface PiiFinding {
  kind: string;
  start: number;
  end: number;
}

/**
 * The privacy module's recognisers (`scanPii`) and outbound guard (`guardOutbound`), set up
 * for the citizen channel: the municipality's own offices, addresses, phone numbers and
 * e-mail addresses are not personal data here.
 */
export class PiiCheck {
  private readonly allow: string[];

  constructor(catalog: Catalog) {
    this.allow = [...catalog.offices.values()].flatMap((o) => [o.name, o.address, o.phone, ...(o.email ? [o.email] : [])]);
  }

  scan(text: string): PiiFinding[] {
    return scanPii(text, { allow: this.allow }).map((s) => ({ kind: s.kind, start: s.start, end: s.end }));
  }

  /**
   * The message as it may go further (retrieval, model): personal data replaced by
   * placeholders, or, when the guard blocks, with every finding cut out and `blocked` set so
   * that nothing of it reaches a model.
   */
  protect(text: string): { text: string; blocked: boolean } {
    const guarded = guardOutbound(text, [], { allow: this.allow, policy: 'pseudonymise' });
    if (guarded.allowed) return { text: guarded.text, blocked: false };
    let out = text;
    for (const f of [...this.scan(text)].sort((a, b) => b.start - a.start)) out = `${out.slice(0, f.start)} ${out.slice(f.end)}`;
    return { text: out, blocked: true };
  }
}
