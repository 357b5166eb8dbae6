import type { FormInput } from '../../shared/api-views.ts';
import { CheckboxGroup, RadioGroup, SelectField, TextField } from '../../shared/form.tsx';
import { useLang, useT, type Lang } from '../../shared/i18n.tsx';
import { enumLabel } from './labels.ts';
import { formMessages } from './messages.ts';
import { convert, displayText, fieldId, getAt, freeItemNumber, joinPath, newItem, removeItem, setAt, type FormState } from './model.ts';

/** The option value of a pack's „none of these“ answer (null); '' is the choice not made yet. */
const NULL_CHOICE = '\u0001';

/** A message next to a field: from the browser check (page language) or from the server (German). */
export interface FieldMessage {
  text: string;
  lang?: string;
}

export interface FormCtx {
  state: FormState;
  update(fn: (s: FormState) => FormState): void;
  /** Server or engine message for a path. */
  messageFor(path: string): FieldMessage | null;
  /**
   * Whether format errors of this field are shown yet: only after "Weiter" checked its step
   * (GOV.UK: validate on submit). An error appearing when the field loses focus moved the
   * button below it away under the pointer between mousedown and mouseup, so the click on
   * „… hinzufügen“ that caused the blur was lost.
   */
  touched(path: string): boolean;
}

export interface ItemScope {
  index: number;
  item: Record<string, unknown>;
  /** The item's name as shown in its legend, e.g. „Haushaltsmitglied Person 1". */
  name?: string;
}

/**
 * Fills `{#}` (item number) and `{field}` (a value of the same or an enclosing item) in a pack's
 * question. A value not given yet leaves no trace: „(„{art}“, Einkunft Nr. 1)“ before the kind
 * of income is chosen reads „(Einkunft Nr. 1)“, never the field's code.
 */
export function question(text: string, scopes: ItemScope[], lang: Lang): string {
  const filled = text.replace(/\{(#|[a-z0-9_]+)\}/g, (_all, key: string) => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const s = scopes[i]!;
      if (key === '#') return String(s.index + 1);
      if (key in s.item && s.item[key] !== undefined && s.item[key] !== null && s.item[key] !== '') return enumLabel(lang, key, s.item[key]).text;
    }
    return '';
  });
  return filled
    .replace(/„“,?\s*/g, '')
    .replace(/\(\s*\)/g, '')
    .replace(/\s+([?.,:)])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export function formatError(kind: string, bound: string | undefined, t: ReturnType<typeof useT<keyof (typeof formMessages)['de']>>): string {
  switch (kind) {
    case 'money':
      return t('errMoney');
    case 'integer':
      return t('errInteger');
    case 'number':
      return t('errNumber');
    case 'date':
      return t('errDate');
    case 'min':
      return t('errMin', { bound: (bound ?? '').replace('.', ',') });
    case 'max':
      return t('errMax', { bound: (bound ?? '').replace('.', ',') });
    default:
      return t('errPattern');
  }
}

/** Renders the fields of `inputs` under `base` (`$` for the application, `$.liste[0]` in an item). */
export function PackFields({ inputs, base, ctx, scopes = [] }: { inputs: FormInput[]; base: string; ctx: FormCtx; scopes?: ItemScope[] }) {
  return (
    <>
      {inputs.map((def) => (
        <PackField key={def.name} def={def} path={joinPath(base, def.name)} ctx={ctx} scopes={scopes} />
      ))}
    </>
  );
}

function PackField({ def, path, ctx, scopes }: { def: FormInput; path: string; ctx: FormCtx; scopes: ItemScope[] }) {
  const t = useT(formMessages);
  const { lang } = useLang();
  const id = fieldId(path);
  const label = question(def.question, scopes, lang);
  const value = getAt(ctx.state.data, path);
  const server = ctx.messageFor(path);
  const common = {
    id,
    label,
    lang: lang === 'de' ? undefined : 'de',
    norm: def.norm,
    required: def.required,
    optionalText: t('optional'),
  };
  const set = (v: unknown) => ctx.update((s) => ({ ...s, data: setAt(s.data, path, v) }));

  if (def.type === 'context') {
    return (
      <fieldset className="fieldset-group" id={id}>
        <legend lang={common.lang}>{label}</legend>
        {server && (
          <p className="field-error" lang={server.lang}>
            {server.text}
          </p>
        )}
        <PackFields inputs={def.fields ?? []} base={path} ctx={ctx} scopes={scopes} />
      </fieldset>
    );
  }

  if (def.type === 'list' && def.items) {
    const items = (Array.isArray(value) ? value : []) as unknown[];
    if (def.items.enum) {
      return (
        <CheckboxGroup
          {...common}
          error={server?.text ?? null}
          errorLang={server?.lang}
          values={items.map(String)}
          options={def.items.enum.map((e) => ({ value: String(e), ...labelOf(lang, def.name, e) }))}
          onChange={(vals) => set(vals)}
        />
      );
    }
    return <ListField def={def} path={path} ctx={ctx} scopes={scopes} label={label} items={items} ownerName={scopes[scopes.length - 1]?.name} />;
  }

  if (def.type === 'boolean') {
    return (
      <RadioGroup
        {...common}
        inline
        error={server?.text ?? null}
        errorLang={server?.lang}
        value={value === true ? 'true' : value === false ? 'false' : ''}
        options={[
          { value: 'true', label: t('yes') },
          { value: 'false', label: t('no') },
        ]}
        onChange={(v) => set(v === 'true')}
      />
    );
  }

  if (def.enum) {
    // A choice not made ('') differs from the choice „none of these“ (null): nothing is shown as chosen before the person chooses.
    const options = def.enum.map((e) => ({ value: e === null ? NULL_CHOICE : String(e), ...labelOf(lang, def.name, e) }));
    const current = value === undefined ? '' : value === null ? NULL_CHOICE : String(value);
    const onChange = (v: string) => set(v === '' ? undefined : v === NULL_CHOICE ? null : def.type === 'integer' ? Number(v) : v);
    if (options.length <= 4)
      return <RadioGroup {...common} error={server?.text ?? null} errorLang={server?.lang} value={current} options={options} onChange={onChange} />;
    return <SelectField {...common} error={server?.text ?? null} errorLang={server?.lang} value={current} placeholder={t('choose')} options={options} onChange={onChange} />;
  }

  // Text, numbers, amounts and dates: what was typed is kept; the value only when it is valid.
  const text = displayText(def, ctx.state, path);
  const conv = convert(def, text);
  const local = conv.error && ctx.touched(path) ? formatError(conv.error.kind, conv.error.bound, t) : null;
  const error = local ? { text: local } : server;
  const hints = [def.description, def.type === 'money' ? t('moneyHint') : null, def.type === 'date' ? t('dateHint') : null].filter(Boolean).join(' · ');
  return (
    <TextField
      {...common}
      hint={hints || undefined}
      error={error?.text ?? null}
      errorLang={error?.lang}
      value={text}
      inputMode={def.type === 'money' || def.type === 'number' ? 'decimal' : def.type === 'integer' ? 'numeric' : 'text'}
      width={def.type === 'string' && !def.pattern ? 'medium' : 'short'}
      suffix={def.type === 'money' ? '€' : undefined}
      onChange={(v) =>
        ctx.update((s) => {
          const c = convert(def, v);
          return { raw: { ...s.raw, [path]: v }, data: setAt(s.data, path, c.error ? undefined : c.value) };
        })
      }
    />
  );
}

function labelOf(lang: Lang, field: string, value: unknown): { label: string; lang?: string } {
  const l = enumLabel(lang, field, value);
  return { label: l.text, ...(l.lang ? { lang: l.lang } : {}) };
}

function ListField({ def, path, ctx, scopes, label, items, ownerName }: { def: FormInput; path: string; ctx: FormCtx; scopes: ItemScope[]; label: string; items: unknown[]; ownerName?: string }) {
  const t = useT(formMessages);
  const { lang } = useLang();
  const itemDef = def.items!;
  const server = ctx.messageFor(path);
  const itemName = (i: number) => {
    const item = (items[i] ?? {}) as Record<string, unknown>;
    const template = itemDef.label ?? t('itemFallback', { n: '{#}' });
    return question(template, [...scopes, { index: i, item }], lang);
  };
  // „Haushaltsmitglied {id}" → „Haushaltsmitglied"; inside an item the owner is named too, so two „add" buttons never sound alike.
  const generic = (itemDef.label ?? '').split('{')[0]!.trim() || t('itemFallback', { n: '' }).trim();
  const owner = scopes.length > 0 ? ownerName : null;
  const max = def.maxItems ?? 50;
  const add = () =>
    ctx.update((s) => {
      const list = ((getAt(s.data, path) as unknown[] | undefined) ?? []).slice();
      const name = (n: number) => t('person', { n });
      list.push(newItem(itemDef, freeItemNumber(list, name) - 1, name) ?? {});
      return { ...s, data: setAt(s.data, path, list) };
    });
  return (
    <fieldset className="fieldset-group" id={fieldId(path)}>
      <legend lang={lang === 'de' ? undefined : 'de'}>{label}</legend>
      {server && (
        <p className="field-error" lang={server.lang}>
          {server.text}
        </p>
      )}
      {items.length === 0 && <p className="muted">{t('noneAdded')}</p>}
      {items.map((item, i) => {
        const itemPath = `${path}[${i}]`;
        const name = itemName(i);
        return (
          <fieldset className="fieldset-group" key={i} id={fieldId(itemPath)}>
            <legend lang={lang === 'de' ? undefined : 'de'}>{name}</legend>
            {itemDef.type === 'context' ? (
              <PackFields inputs={itemDef.fields ?? []} base={itemPath} ctx={ctx} scopes={[...scopes, { index: i, item: (item ?? {}) as Record<string, unknown>, name }]} />
            ) : (
              <PackField def={{ ...itemDef, name: String(i) }} path={itemPath} ctx={ctx} scopes={scopes} />
            )}
            {items.length > (def.minItems ?? 0) && (
              <p>
                <button type="button" className="btn" onClick={() => ctx.update((s) => removeItem(s, path, i))}>
                  {t('removeItem', { label: name })}
                </button>
              </p>
            )}
          </fieldset>
        );
      })}
      {items.length < max && (
        <p>
          <button type="button" className="btn" onClick={add}>
            {t('addItem', { label: generic })}
            {owner ? ` (${owner})` : ''}
          </button>
        </p>
      )}
    </fieldset>
  );
}
