/** A plain, accessible German start page until the web app is built and served. */
export function startPage(packs: { id: string; title: string; release: string }[]): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  const items = packs.map((p) => `<li><strong>${esc(p.title)}</strong> (Regelwerk <code>${esc(p.id)}</code>, Rechtsstand ${esc(p.release)})</li>`).join('\n');
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Amtsklar – Stadt Musterstadt</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; background: #fff; }
a { color: #0b4f8a; } a:focus { outline: 3px solid #f9a825; outline-offset: 2px; }
code { background: #f0f0f0; padding: 0 .2em; }
</style>
</head>
<body>
<header><p>Stadt Musterstadt</p><h1>Amtsklar</h1></header>
<main>
<p>Hier stellen Sie Anträge bei der Stadt Musterstadt. Die Software prüft Ihren Antrag nach festen Regeln. Über Ihren Antrag entscheidet immer ein Mensch.</p>
<h2>Leistungen</h2>
<ul>
${items}
</ul>
<h2>Schnittstelle</h2>
<p>Die Programmierschnittstelle ist unter <a href="/api/docs">/api/docs</a> beschrieben (OpenAPI 3.1).</p>
</main>
<footer><p>Betriebszustand: <a href="/health">/health</a>, <a href="/ready">/ready</a></p></footer>
</body>
</html>`;
}
