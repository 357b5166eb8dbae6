import type { FormInput } from '../../shared/api-views.ts';
import { formatEuro } from '../../shared/format.ts';
import { useLang, useT, type Lang } from '../../shared/i18n.tsx';
import { enumLabel } from './labels.ts';
import { formMessages } from './messages.ts';
import { getAt, isoToGerman, joinPath, parsePath, type Data } from './model.ts';
import { question, type ItemScope } from './PackFields.tsx';

/** Read-only view of what was entered, in the form's order (for the check before sending). */
export function SummaryFields({ inputs, base, data }: { inputs: FormInput[]; base: string; data: Data }) {
  const t = useT(formMessages);
  const { lang } = useLang();
  const rows = inputs.filter((d) => d.type !== 'context' && d.type !== 'list');
  const nested = inputs.filter((d) => d.type === 'context' || (d.type === 'list' && !d.items?.enum));
  const scalarLists = inputs.filter((d) => d.type === 'list' && d.items?.enum);
  const scopes = scopesOf(data, base);
  return (
    <>
      {(rows.length > 0 || scalarLists.length > 0) && (
        <dl className="facts">
          {rows.map((d) => {
            const v = getAt(data, joinPath(base, d.name));
            return (
              <div key={d.name}>
                <dt lang="de">{question(d.question, scopes, 'de')}</dt>
                <dd>{show(d, v, lang, t('yes'), t('no'), t('notAnswered'))}</dd>
              </div>
            );
          })}
          {scalarLists.map((d) => {
            const v = (getAt(data, joinPath(base, d.name)) as unknown[] | undefined) ?? [];
            return (
              <div key={d.name}>
                <dt lang="de">{question(d.question, scopes, 'de')}</dt>
                <dd>{v.length ? v.map((x) => enumLabel(lang, d.name, x).text).join(', ') : '–'}</dd>
              </div>
            );
          })}
        </dl>
      )}
      {nested.map((d) => {
        const path = joinPath(base, d.name);
        if (d.type === 'context')
          return (
            <section key={d.name}>
              <h4 lang="de">{question(d.question, scopes, 'de')}</h4>
              <SummaryFields inputs={d.fields ?? []} base={path} data={data} />
            </section>
          );
        const items = (getAt(data, path) as unknown[] | undefined) ?? [];
        return (
          <section key={d.name}>
            <h4 lang="de">{(d.items?.label ?? d.question).split('{')[0]}</h4>
            {items.length === 0 ? (
              <p>–</p>
            ) : (
              items.map((item, i) => (
                <div key={i} className="panel">
                  <p>
                    <strong lang="de">{question(d.items?.label ?? '{#}', [...scopes, { index: i, item: (item ?? {}) as Record<string, unknown> }], 'de')}</strong>
                  </p>
                  {d.items?.type === 'context' && <SummaryFields inputs={d.items.fields ?? []} base={`${path}[${i}]`} data={data} />}
                </div>
              ))
            )}
          </section>
        );
      })}
    </>
  );
}

/** The list items a path lies in, for the `{#}` and `{field}` placeholders of questions. */
export function scopesOf(data: Data, base: string): ItemScope[] {
  const out: ItemScope[] = [];
  let cur = '$';
  for (const seg of parsePath(base)) {
    cur = typeof seg === 'number' ? `${cur}[${seg}]` : `${cur}.${seg}`;
    if (typeof seg === 'number') out.push({ index: seg, item: (getAt(data, cur) ?? {}) as Record<string, unknown> });
  }
  return out;
}

/** An answer as the person gave it; a question left open reads „nicht beantwortet“ (for an optional one the pack's default counts). */
function show(d: FormInput, v: unknown, lang: Lang, yes: string, no: string, open: string): string {
  if (v === null && d.enum?.includes(null)) return enumLabel(lang, d.name, v).text;
  if (v === undefined || v === null || v === '') return open;
  if (d.type === 'boolean') return v === true ? yes : no;
  if (d.enum) return enumLabel(lang, d.name, v).text;
  if (d.type === 'money') return formatEuro(v, lang);
  if (d.type === 'date') return isoToGerman(v);
  return String(v);
}
