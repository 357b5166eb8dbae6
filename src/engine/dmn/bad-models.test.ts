import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectEngineRefusal } from '../../../test/fuzz.ts';
import { buildPack, decide, dmnToPackFiles, evaluateDecision, parseDmn } from '../index.ts';

/**
 * DMN files as other tools export them and people pass them around — cut off, a line lost, an
 * attribute or a type reference wrong, an element renamed. Import (`parseDmn`), evaluation and the
 * conversion to a rule pack either work or refuse with the engine's own German error; evaluation
 * of a model that was read reports its problems in the error list, never by throwing.
 */
const RUNS = Number(process.env.AMTSKLAR_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.AMTSKLAR_FUZZ_SEED ?? 20261128);
const tck = new URL('../../../../shared/conformance/dmn-tck/TestCases/', import.meta.url).pathname;
/** Every model of compliance level 2 and every fourth of level 3 (boxed expressions, BKMs, services). */
const models = ['compliance-level-2', 'compliance-level-3'].flatMap((level) =>
  readdirSync(join(tck, level))
    .filter((folder) => /^\d{4}-/.test(folder))
    .sort()
    .filter((_, i) => level.endsWith('2') || i % 4 === 0)
    .flatMap((folder) => readdirSync(join(tck, level, folder)).filter((f) => f.endsWith('.dmn')).slice(0, 1).map((f) => ({ folder, xml: readFileSync(join(tck, level, folder, f), 'utf8') }))),
);

type Damage = { kind: 'line' | 'cut' | 'attribute' | 'tag' | 'typeRef'; pick: number; text: string };

const damage: fc.Arbitrary<Damage> = fc.record({
  kind: fc.constantFrom('line' as const, 'cut' as const, 'attribute' as const, 'tag' as const, 'typeRef' as const),
  pick: fc.nat(),
  text: fc.constantFrom('', 'x', 'number', 'string', 'boolean', 'date', 'tUnbekannt', '1 +', '<', '&', '"', 'ä€😀', '>= 18,', 'FIRST', 'UNIQUE', 'COLLECT'),
});

function apply(xml: string, d: Damage): string {
  switch (d.kind) {
    case 'line': {
      const lines = xml.split('\n');
      lines.splice(d.pick % lines.length, 1);
      return lines.join('\n');
    }
    case 'cut':
      return xml.slice(0, d.pick % (xml.length + 1));
    case 'attribute': {
      const attrs = [...xml.matchAll(/="[^"]*"/g)];
      if (attrs.length === 0) return xml;
      const a = attrs[d.pick % attrs.length]!;
      return `${xml.slice(0, a.index)}="${d.text}"${xml.slice(a.index + a[0].length)}`;
    }
    case 'tag': {
      const tags = [...xml.matchAll(/<\/?([A-Za-z:]+)/g)];
      if (tags.length === 0) return xml;
      const t = tags[d.pick % tags.length]!;
      const at = t.index + t[0].length - t[1]!.length;
      return `${xml.slice(0, at)}${d.text.replace(/[^A-Za-z]/g, '') || 'unbekannt'}${xml.slice(at + t[1]!.length)}`;
    }
    case 'typeRef': {
      const refs = [...xml.matchAll(/typeRef="[^"]*"/g)];
      if (refs.length === 0) return xml;
      const r = refs[d.pick % refs.length]!;
      return `${xml.slice(0, r.index)}typeRef="${d.text}"${xml.slice(r.index + r[0].length)}`;
    }
  }
}

describe('damaged DMN models', () => {
  it('are read, evaluated and converted — or refused with the engine error in German', () => {
    const seen = { refused: 0, read: 0 };
    fc.assert(
      fc.property(fc.nat({ max: models.length - 1 }), fc.array(damage, { minLength: 1, maxLength: 2 }), (i, damages) => {
        const { folder, xml } = models[i]!;
        const text = damages.reduce(apply, xml);
        const what = `${folder} ${JSON.stringify(damages)}`;
        let model: ReturnType<typeof parseDmn>;
        try {
          model = parseDmn(text, `${folder}.dmn`);
        } catch (err) {
          expectEngineRefusal(err, what);
          seen.refused++;
          return;
        }
        seen.read++;
        for (const d of model.decisions) {
          const errors: string[] = [];
          for (const inputs of [{}, { Age: 18, RiskCategory: 'Medium', isAffordable: true, a: 1, b: 'x' }]) {
            try {
              evaluateDecision(model, d.name, inputs, { errors });
            } catch (err) {
              throw new Error(`${what}: Auswertung von „${d.name}“ warf ${String(err)}\n${(err as Error)?.stack ?? ''}`);
            }
          }
        }
        let files: Map<string, string>;
        try {
          files = dmnToPackFiles(model, { id: 'modell', validFrom: '2025-01-01' });
        } catch (err) {
          expectEngineRefusal(err, `Umwandlung: ${what}`);
          return;
        }
        try {
          const pack = buildPack(files);
          decide(pack, { stichtag: '2025-06-01' });
        } catch (err) {
          expectEngineRefusal(err, `Regelwerk: ${what}`);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.read).toBeGreaterThan(0);
  }, 30_000 + RUNS * 100);
});
