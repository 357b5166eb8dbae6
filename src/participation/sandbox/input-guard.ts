import { AmtsklarError, type Problem } from '../../common/index.ts';
import type { InputDef, Pack } from '../../engine/index.ts';
import { refusePersonalData } from '../text-guard.ts';

/**
 * What the sandbox accepts as an application: only the inputs the pack declares (a name
 * has no place to go), no free-text inputs (names, Aktenzeichen), and no string that the
 * PII guard recognises as personal data. Everything else is the pack's own validation.
 */
export function checkSandboxApplication(pack: Pack, antrag: unknown): void {
  if (typeof antrag !== 'object' || antrag === null || Array.isArray(antrag)) {
    throw new AmtsklarError('invalid_input', 'Die Angaben fehlen.', [{ path: '$.antrag', message: 'Objekt erwartet.' }]);
  }
  const problems: Problem[] = [];
  walkFields(pack.def.inputs, antrag as Record<string, unknown>, '$.antrag', problems);
  if (problems.length > 0) {
    throw new AmtsklarError('invalid_input', 'Im Experimentierraum werden nur die Angaben angenommen, die das Regelwerk zum Rechnen braucht – keine Namen, keine Aktenzeichen, keine weiteren Felder.', problems);
  }
  walkStrings(antrag, '$.antrag');
}

const TECHNICAL_KEY = /^[a-z]{1,2}[0-9]{1,3}$/;

function isFreeText(d: InputDef): boolean {
  return d.type === 'string' && !d.enum && !d.pattern;
}

function walkFields(defs: readonly InputDef[], value: Record<string, unknown>, path: string, problems: Problem[]): void {
  for (const [k, v] of Object.entries(value)) {
    const d = defs.find((x) => x.name === k);
    const p = `${path}.${k}`;
    if (!d) {
      problems.push({ path: p, message: 'Dieses Feld braucht das Regelwerk nicht.' });
      continue;
    }
    walkValue(d, v, p, problems);
  }
}

function walkValue(d: InputDef, v: unknown, p: string, problems: Problem[]): void {
  if (v === null || v === undefined) return;
  if (isFreeText(d)) {
    // Technical keys inside the application (household member „p1“) are fine; anything else could be a name or a file number.
    if (v !== '' && !(typeof v === 'string' && TECHNICAL_KEY.test(v))) problems.push({ path: p, message: 'Freitext (z. B. Namen oder Aktenzeichen) wird im Experimentierraum nicht angenommen.' });
    return;
  }
  if (d.type === 'list' && d.items && Array.isArray(v)) v.forEach((x, i) => walkValue(d.items!, x, `${p}[${i}]`, problems));
  else if (d.type === 'context' && d.fields && typeof v === 'object' && !Array.isArray(v)) walkFields(d.fields, v as Record<string, unknown>, p, problems);
}

function walkStrings(v: unknown, p: string): void {
  if (typeof v === 'string') refusePersonalData(v, p, 'sandbox');
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, `${p}[${i}]`));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walkStrings(x, `${p}.${k}`);
}
