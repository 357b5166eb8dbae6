/**
 * Whether a message a person will read is German: it has German words or umlauts and no
 * English of the kind libraries and runtimes throw ("Cannot read properties of undefined",
 * "Unexpected token", "is not a function"). A heuristic for the fuzz tests, which see messages
 * nobody wrote down in advance.
 */
const GERMAN =
  /[äöüÄÖÜß]|\b(der|die|das|den|dem|des|ein|eine|einen|ist|sind|sein|muss|darf|nicht|kein\w*|fehlt|erwartet|bitte|gibt|zu|Sie|nur|oder|und|für|mit|bei|im|Anfrage|Feld|Pflicht\w*|Zugriff|Rolle|Fall|Wert|erlaubt|unbekannt\w*|ungültig\w*|\w*[Ff]ehler|Zeile|Zeichen|Regel\w*|Datei|Name|Typ|Liste|Zahl|Text|Datum|Eingabe|Angabe|Betrag|Objekt|höchstens|mindestens|zulässig|liegt|leer\w*|Ausdruck|Standardwert|passt|gewählte|Option)\b/i;
const ENGLISH = /\b(the|cannot|can't|undefined|unexpected|is not|of null|must be|not a function|failed)\b/i;

export function looksGerman(text: string): boolean {
  return GERMAN.test(text) && !ENGLISH.test(text);
}
