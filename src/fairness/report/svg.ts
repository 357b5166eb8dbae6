/**
 * Hand-written SVG charts for the report: no library, no CDN, nothing fetched. Every
 * chart carries a <title> and <desc> (text alternative) and is paired with a data table
 * in the HTML; alarms are marked by hatching, marker shape and a text label, never by
 * colour alone.
 */

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Pattern definitions, once per document (ids must be unique), referenced from every chart. */
export function patternDefs(): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" aria-hidden="true" focusable="false" style="position:absolute"><defs>' +
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="6" height="6" fill="#f4d7c6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a2b00" stroke-width="2"/></pattern>' +
    '<pattern id="hidden" width="6" height="6" patternUnits="userSpaceOnUse">' +
    '<rect width="6" height="6" fill="#eeeeee"/><circle cx="3" cy="3" r="1" fill="#777777"/></pattern>' +
    '</defs></svg>'
  );
}

export interface Bar {
  label: string;
  value: number;
  ci: [number, number];
  alarm: boolean;
}

/** Horizontal bars of rates (0–1) with 95 % interval whiskers. */
export function barChart(id: string, title: string, description: string, bars: readonly Bar[]): string {
  const rowHeight = 28;
  const left = 240;
  const width = 640;
  const plot = width - left - 120;
  const height = bars.length * rowHeight + 50;
  const x = (v: number): number => left + Math.max(0, Math.min(1, v)) * plot;
  const parts: string[] = [];
  parts.push(svgOpen(id, title, description, width, height));
  for (let t = 0; t <= 4; t++) {
    const v = t / 4;
    parts.push(
      `<line x1="${x(v)}" y1="20" x2="${x(v)}" y2="${height - 25}" stroke="#bbbbbb" stroke-dasharray="2 3"/>` +
        `<text x="${x(v)}" y="${height - 8}" text-anchor="middle" font-size="12">${percent(v, 0)}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const y = 24 + i * rowHeight;
    parts.push(
      `<text x="${left - 8}" y="${y + 14}" text-anchor="end" font-size="13">${escapeXml(truncate(b.label, 34))}</text>` +
        `<rect x="${left}" y="${y + 2}" width="${Math.max(1, x(b.value) - left)}" height="18" fill="${b.alarm ? 'url(#hatch)' : '#2f5f8a'}" stroke="#1b1b1b" stroke-width="0.5"/>` +
        `<line x1="${x(b.ci[0])}" y1="${y + 11}" x2="${x(b.ci[1])}" y2="${y + 11}" stroke="#000000" stroke-width="1.5"/>` +
        `<line x1="${x(b.ci[0])}" y1="${y + 5}" x2="${x(b.ci[0])}" y2="${y + 17}" stroke="#000000" stroke-width="1.5"/>` +
        `<line x1="${x(b.ci[1])}" y1="${y + 5}" x2="${x(b.ci[1])}" y2="${y + 17}" stroke="#000000" stroke-width="1.5"/>` +
        `<text x="${x(Math.max(b.value, b.ci[1])) + 6}" y="${y + 15}" font-size="12">${percent(b.value, 1)}${b.alarm ? ' ⚠ auffällig' : ''}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface RatioPoint {
  label: string;
  ratio: number;
  ci: [number, number] | null;
  alarm: boolean;
}

/** Ratios against the reference group on a log axis, with the screening band shaded. */
export function ratioChart(id: string, title: string, description: string, points: readonly RatioPoint[], band: [number, number]): string {
  const rowHeight = 26;
  const left = 300;
  const width = 700;
  const plot = width - left - 110;
  const height = points.length * rowHeight + 50;
  const lo = Math.log(0.25);
  const hi = Math.log(4);
  const x = (v: number): number => left + ((Math.log(Math.max(0.25, Math.min(4, v))) - lo) / (hi - lo)) * plot;
  const parts: string[] = [svgOpen(id, title, description, width, height)];
  parts.push(
    `<rect x="${x(band[0])}" y="18" width="${x(band[1]) - x(band[0])}" height="${height - 40}" fill="#e3eef7" stroke="#2f5f8a" stroke-dasharray="4 2"/>` +
      `<text x="${(x(band[0]) + x(band[1])) / 2}" y="14" text-anchor="middle" font-size="11">Prüfband ${decimal(band[0])}–${decimal(band[1])}</text>`,
  );
  for (const v of [0.25, 0.5, 0.8, 1, 1.25, 2, 4]) {
    parts.push(
      `<line x1="${x(v)}" y1="18" x2="${x(v)}" y2="${height - 22}" stroke="${v === 1 ? '#000000' : '#bbbbbb'}" stroke-dasharray="${v === 1 ? '0' : '2 3'}"/>` +
        `<text x="${x(v)}" y="${height - 6}" text-anchor="middle" font-size="11">${decimal(v)}</text>`,
    );
  }
  points.forEach((p, i) => {
    const y = 30 + i * rowHeight;
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end" font-size="12">${escapeXml(truncate(p.label, 44))}</text>`);
    if (p.ci) {
      parts.push(`<line x1="${x(p.ci[0])}" y1="${y}" x2="${x(p.ci[1])}" y2="${y}" stroke="#000000" stroke-width="1.5"/>`);
    }
    parts.push(
      p.alarm
        ? `<path d="M ${x(p.ratio)} ${y - 7} L ${x(p.ratio) + 7} ${y + 6} L ${x(p.ratio) - 7} ${y + 6} Z" fill="url(#hatch)" stroke="#8a2b00" stroke-width="1.5"/>`
        : `<circle cx="${x(p.ratio)}" cy="${y}" r="5" fill="#2f5f8a" stroke="#000000"/>`,
    );
    parts.push(`<text x="${width - 100}" y="${y + 4}" font-size="12">${decimal(p.ratio)}${p.alarm ? ' ⚠' : ''}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface HeatCell {
  /** Null: not shown (empty, fewer than k, or withheld to protect such a group). */
  value: number | null;
  n: number | null;
}

/** Rates in a two-way table; hidden cells dotted and labelled, every value also as text. */
export function heatMap(
  id: string,
  title: string,
  description: string,
  rows: readonly string[],
  columns: readonly string[],
  cells: readonly (readonly HeatCell[])[],
): string {
  const left = 220;
  const top = 60;
  const cw = 118;
  const ch = 40;
  const width = left + columns.length * cw + 10;
  const height = top + rows.length * ch + 10;
  const parts: string[] = [svgOpen(id, title, description, width, height)];
  columns.forEach((c, j) => {
    parts.push(`<text x="${left + j * cw + cw / 2}" y="${top - 10}" text-anchor="middle" font-size="11">${escapeXml(truncate(c, 20))}</text>`);
  });
  rows.forEach((r, i) => {
    const y = top + i * ch;
    parts.push(`<text x="${left - 8}" y="${y + ch / 2 + 4}" text-anchor="end" font-size="12">${escapeXml(truncate(r, 30))}</text>`);
    columns.forEach((_, j) => {
      const cell = cells[i]![j]!;
      const x = left + j * cw;
      if (cell.value === null) {
        parts.push(
          `<rect x="${x}" y="${y}" width="${cw - 2}" height="${ch - 2}" fill="url(#hidden)" stroke="#999999"/>` +
            `<text x="${x + cw / 2}" y="${y + ch / 2 + 4}" text-anchor="middle" font-size="11">nicht ausgewiesen</text>`,
        );
      } else {
        const shade = Math.round(235 - cell.value * 150);
        const fill = `rgb(${shade},${shade + 10 > 255 ? 255 : shade + 10},255)`;
        parts.push(
          `<rect x="${x}" y="${y}" width="${cw - 2}" height="${ch - 2}" fill="${fill}" stroke="#555555"/>` +
            `<text x="${x + cw / 2}" y="${y + 16}" text-anchor="middle" font-size="12" font-weight="bold">${percent(cell.value, 1)}</text>` +
            `<text x="${x + cw / 2}" y="${y + 31}" text-anchor="middle" font-size="11">n = ${cell.n}</text>`,
        );
      }
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

function svgOpen(id: string, title: string, description: string, width: number, height: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" fill="#1b1b1b">` +
    `<title id="${id}-t">${escapeXml(title)}</title><desc id="${id}-d">${escapeXml(description)}</desc>`
  );
}

export function percent(v: number, digits: number): string {
  return `${(v * 100).toFixed(digits).replace('.', ',')} %`;
}

export function decimal(v: number, digits = 2): string {
  return v.toFixed(digits).replace('.', ',');
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
