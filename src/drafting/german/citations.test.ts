import { describe, expect, it } from 'vitest';
import { covers, normRefs, parseCitations } from './citations.ts';

const keys = (t: string) => parseCitations(t).map((c) => c.key);

describe('German legal citations', () => {
  it.each([
    ['§ 17a WoGG', ['§ 17a WoGG']],
    ['§§ 60, 66 SGB I', ['§ 60 SGB I', '§ 66 SGB I']],
    ['§ 7 Abs. 1 S. 2 WoGG', ['§ 7 Abs. 1 S. 2 WoGG']],
    ['§ 7 I 2 WoGG', ['§ 7 Abs. 1 S. 2 WoGG']],
    ['§7 Absatz 1 Satz 2 WoGG', ['§ 7 Abs. 1 S. 2 WoGG']],
    ['§ 27 Abs. 3 Satz 1 Nr. 2 und 3 WoGG', ['§ 27 Abs. 3 S. 1 Nr. 2 WoGG', '§ 27 Abs. 3 S. 1 Nr. 3 WoGG']],
    ['§ 12 Abs. 6 und 7 WoGG', ['§ 12 Abs. 6 WoGG', '§ 12 Abs. 7 WoGG']],
    ['§§ 9 bis 12 WoGG', ['§ 9 WoGG', '§ 12 WoGG']],
    ['§ 21 Nr. 1 WoGG', ['§ 21 Nr. 1 WoGG']],
    ['§ 3 der Satzung', ['§ 3 Satzung']],
    ['§ 60 Abs. 1 und § 66 SGB I', ['§ 60 Abs. 1 SGB I', '§ 66 SGB I']],
    ['§ 36a Abs. 2 SGB 1', ['§ 36a Abs. 2 SGB I']],
    ['Art. 50 KI-VO', ['Art. 50 KI-VO']],
    ['§ 19 des Wohngeldgesetzes', ['§ 19 WoGG']],
  ])('%s', (text, expected) => {
    expect(keys(`Nach ${text} gilt das.`)).toEqual(expected);
  });

  it('a less specific citation is covered, a more specific or another law is not', () => {
    const [known] = normRefs('§ 19 Abs. 1 WoGG');
    expect(covers(known!, normRefs('§ 19 WoGG')[0]!)).toBe(true);
    expect(covers(known!, normRefs('§ 19 Abs. 1 WoGG')[0]!)).toBe(true);
    expect(covers(known!, normRefs('§ 19 Abs. 2 WoGG')[0]!)).toBe(false);
    expect(covers(known!, normRefs('§ 19 Abs. 1 S. 1 WoGG')[0]!)).toBe(false);
    expect(covers(known!, normRefs('§ 19 Abs. 1 SGB X')[0]!)).toBe(false);
  });
});
