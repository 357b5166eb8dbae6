/**
 * commander's usage errors in German: the contract promises German messages on standard error,
 * and a municipality's operators should not meet English at the one place where something went wrong.
 */
const MESSAGES: [RegExp, (...m: string[]) => string][] = [
  [/^error: required option '([^']+)' not specified/, (o) => `Fehler: Die Angabe „${o}“ fehlt.`],
  [/^error: option '([^']+)' argument missing/, (o) => `Fehler: Bei „${o}“ fehlt der Wert.`],
  [/^error: option '([^']+)' argument '([^']*)' is invalid\.?\s*(.*)/, (o, v, why) => `Fehler: Ungültiger Wert „${v}“ für „${o}“.${why ? ` ${why}` : ''}`],
  [/^error: unknown option '([^']+)'/, (o) => `Fehler: Unbekannte Angabe „${o}“.`],
  [/^error: missing required argument '([^']+)'/, (a) => `Fehler: Das Argument „${a}“ fehlt.`],
  [/^error: too many arguments(?: for '([^']+)')?/, (c) => `Fehler: Zu viele Argumente${c ? ` für „${c}“` : ''}.`],
  [/^error: unknown command '([^']+)'/, (c) => `Fehler: Unbekannter Befehl „${c}“.`],
];

export function germanUsageError(text: string): string {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  let german = first.replace(/^error:/, 'Fehler:');
  for (const [re, make] of MESSAGES) {
    const m = re.exec(first);
    if (m) {
      german = make(...m.slice(1).map((x) => x ?? ''));
      break;
    }
  }
  const rest = lines.slice(1).map((l) => l.replace(/\(Did you mean (.+)\?\)/, '(Meinten Sie $1?)'));
  const hint = /\(Did you mean (.+)\?\)/.exec(first);
  return [german + (hint ? ` (Meinten Sie ${hint[1]}?)` : ''), ...rest].join('\n');
}
