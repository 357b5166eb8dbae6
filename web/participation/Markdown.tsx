import { Fragment, type ReactNode } from 'react';

/**
 * The participation texts (code of conduct, template service agreement) are Markdown from
 * content/participation. Rendered here as plain elements, without HTML from the text:
 * headings (one level below the page's h1), paragraphs, lists, **bold**, *italic*.
 */
function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(m[1] !== undefined ? <strong key={k++}>{m[1]}</strong> : <em key={k++}>{m[2]}</em>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

type Block = { kind: 'h'; level: number; text: string; id?: string } | { kind: 'p'; text: string } | { kind: 'ul' | 'ol'; items: string[] };

function parse(md: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'p', text: para.join(' ') });
    para = [];
  };
  for (const raw of md.split('\n')) {
    const line = raw.trimEnd();
    const h = /^(#{1,5})\s+(.*)$/.exec(line);
    const ul = /^\s*[-*]\s+(.*)$/.exec(line);
    const ol = /^\s*\d+\.\s+(.*)$/.exec(line);
    if (h) {
      flush();
      const anchor = /^(.*?)\s*\{#([a-z0-9-]+)\}$/.exec(h[2]!);
      blocks.push({ kind: 'h', level: h[1]!.length, text: anchor ? anchor[1]! : h[2]!, ...(anchor ? { id: anchor[2]! } : {}) });
    } else if (ul || ol) {
      flush();
      const kind = ul ? 'ul' : 'ol';
      const prev = blocks.at(-1);
      if (prev && prev.kind === kind) prev.items.push((ul ?? ol)![1]!);
      else blocks.push({ kind, items: [(ul ?? ol)![1]!] });
    } else if (line.trim() === '') flush();
    else if (/^\s+/.test(raw) && blocks.at(-1)?.kind !== 'p' && para.length === 0 && (blocks.at(-1)?.kind === 'ul' || blocks.at(-1)?.kind === 'ol')) {
      const prev = blocks.at(-1) as { items: string[] };
      prev.items[prev.items.length - 1] += ` ${line.trim()}`;
    } else para.push(line.trim());
  }
  flush();
  return blocks;
}

/** `skipTitle`: the text's own first heading is the page's h1 already. */
export function Markdown({ text, topLevel = 2, skipTitle = false }: { text: string; topLevel?: number; skipTitle?: boolean }) {
  const all = parse(text);
  const blocks = skipTitle && all[0]?.kind === 'h' ? all.slice(1) : all;
  return (
    <>
      {blocks.map((b, i) => {
        if (b.kind === 'h') {
          const level = Math.min(6, b.level - 1 + topLevel);
          const H = `h${level}` as 'h2';
          return (
            <H key={i} id={b.id}>
              {inline(b.text)}
            </H>
          );
        }
        if (b.kind === 'p') return <p key={i}>{inline(b.text)}</p>;
        const L = b.kind;
        return (
          <L key={i}>
            {b.items.map((it, j) => (
              <li key={j}>{inline(it)}</li>
            ))}
          </L>
        );
      })}
    </>
  );
}

export const Lines = ({ text }: { text: string }) => (
  <>
    {text.split('\n').map((l, i) => (
      <Fragment key={i}>
        {i > 0 && <br />}
        {l}
      </Fragment>
    ))}
  </>
);
