import { AmtsklarError } from '../common/index.ts';
import { changeForPerson } from '../fairness/index.ts';
import { formatGerman, type Decimal } from '../engine/index.ts';

const euro = (d: Decimal) => `${formatGerman(d)} €`;

/**
 * An Abhilfe grants the objection in whole or in part (§ 72 VwGO): the authority that issued the
 * decision may change it in the person's favour, not to their disadvantage. A reassessment whose
 * result is worse for the person than the contested decision is refused, and nothing is stored;
 * the objection is then upheld, and a worsening needs its own procedure with a hearing.
 * Systems without a declared headline amount (fairness/outcomes.ts) are not compared.
 */
export function refuseWorsening(packId: string, contested: Readonly<Record<string, unknown>> | undefined, changed: Readonly<Record<string, unknown>>): void {
  const c = changeForPerson(packId, contested, changed);
  if (c?.change !== 'worse') return;
  const what = `${c.label}: bisher ${euro(c.before)}, neu ${euro(c.after)}`;
  throw new AmtsklarError(
    'conflict',
    `Eine Abhilfe gibt dem Widerspruch statt (§ 72 VwGO) und darf den Bescheid nicht zum Nachteil der antragstellenden Person ändern (${what}). ` +
      'Bitte den Widerspruch zurückweisen; eine Verschlechterung ist nur in einem eigenen Verfahren mit Anhörung möglich.',
    [{ path: '$.result', message: `Die geänderte Entscheidung wäre ungünstiger als der angefochtene Bescheid (${what}); eine Abhilfe darf ihn nicht verschlechtern (§ 72 VwGO). Bitte „zurückweisen“ wählen.` }],
  );
}
