import { useEffect, useState, type DetailedHTMLProps, type HTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/**
 * KoliBri (ITZBund's accessible web components) where they fit: buttons, alerts and badges.
 * The components and their theme are loaded on first use, not with the start page, so the
 * portal's first JavaScript stays small. Form fields are plain HTML (see form.tsx): their
 * error state must be `aria-invalid` plus `aria-describedby` on the input itself, which the
 * KoliBri inputs of this version do not set.
 */
let ready: Promise<void> | null = null;

export function loadKolibri(): Promise<void> {
  ready ??= (async () => {
    // The icon font's @font-face must live in the document (browsers ignore it in shadow roots).
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/kolibri/kolicons/style.css';
    document.head.append(link);
    const [{ register }, { defineCustomElements }, { DEFAULT }] = await Promise.all([import('@public-ui/components'), import('@public-ui/components/loader'), import('@public-ui/theme-default')]);
    await register(DEFAULT, defineCustomElements, { environment: 'production' });
  })();
  return ready;
}

/** Starts loading KoliBri when a component using it mounts. */
export function useKolibri(): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    void loadKolibri().then(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

type KolProps = DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & Record<`_${string}`, unknown>;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'kol-button': KolProps;
      'kol-alert': KolProps;
      'kol-badge': KolProps;
    }
  }
}

export type ButtonVariant = 'primary' | 'secondary' | 'normal' | 'danger' | 'ghost';

/** A KoliBri button; `type="submit"` submits the surrounding form (KoliBri is form-associated). */
export function Button(props: { label: string; variant?: ButtonVariant; type?: 'button' | 'submit'; disabled?: boolean; onClick?: (e: MouseEvent<HTMLElement>) => void; id?: string; 'data-testid'?: string }) {
  useKolibri();
  return (
    <kol-button
      id={props.id}
      data-testid={props['data-testid']}
      _label={props.label}
      _variant={props.variant ?? 'normal'}
      _type={props.type ?? 'button'}
      // Always a boolean: KoliBri ignores `undefined` and would keep a button disabled for good
      // once it had been disabled (e.g. while a form was being sent).
      _disabled={props.disabled === true}
      onClick={props.disabled ? undefined : props.onClick}
    />
  );
}

export type AlertType = 'default' | 'info' | 'success' | 'warning' | 'error';

/** A KoliBri alert (card). `live` makes it announce itself when it appears. */
export function Alert(props: { type: AlertType; title?: string; children: ReactNode; live?: boolean; level?: 2 | 3 | 4; 'data-testid'?: string }) {
  useKolibri();
  return (
    <kol-alert _type={props.type} _variant="card" _label={props.title} _level={props.level ?? 2} _alert={props.live ? true : undefined} data-testid={props['data-testid']}>
      {props.children}
    </kol-alert>
  );
}

/** A status badge: the text carries the meaning, the colour only repeats it. */
export function Badge({ label, tone }: { label: string; tone: 'neutral' | 'info' | 'success' | 'warning' | 'danger' }) {
  useKolibri();
  // Light backgrounds: KoliBri picks a text colour with enough contrast.
  const colors: Record<typeof tone, string> = { neutral: '#e6e9eb', info: '#cce4f3', success: '#d2ece1', warning: '#fbe5c8', danger: '#f6d5dc' };
  return <kol-badge _label={label} _color={colors[tone]} />;
}
