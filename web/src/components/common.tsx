import { useId, useState, type ReactNode } from 'react';
import { ApiError, errorDetail } from '../api/client';

/** A failed call, as the person should read it: the problem+json detail, and the HTTP status for support. */
export function ProblemAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  if (!error) return null;
  const status = error instanceof ApiError ? error.status : undefined;
  const problemTitle = error instanceof ApiError ? error.problem.title : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">
        {title ?? problemTitle ?? 'Something went wrong'}
        {status ? <span className="alert-status"> (HTTP {status})</span> : null}
      </p>
      <p className="alert-detail">{errorDetail(error)}</p>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}

/** What to show where a list is empty: what it is, and what to do next. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </div>
  );
}

/** A part of the console whose API does not exist yet: says so instead of showing made-up data. */
export function NotAvailable({ feature, children }: { feature: string; children?: ReactNode }) {
  return (
    <div className="empty not-available" data-testid="not-available">
      <p className="empty-title">{feature}: not available yet</p>
      <div className="empty-body">
        {children ?? <p>The control plane does not offer this yet. This page will work as soon as it does.</p>}
      </div>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

const STATUS_LABEL: Record<string, string> = {
  starting: 'Starting',
  running: 'Running',
  stopping: 'Stopping',
  finished: 'Finished',
  stopped: 'Stopped',
  failed: 'Failed',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABEL[status] ?? status}</span>;
}

export interface Tab {
  id: string;
  label: string;
  content: ReactNode;
}

/** Tabs with the ARIA tabs pattern (arrow keys move between tabs). */
export function Tabs({ tabs, label, initial }: { tabs: Tab[]; label: string; initial?: string }) {
  const [active, setActive] = useState(initial ?? tabs[0]?.id);
  const base = useId();
  const index = Math.max(0, tabs.findIndex((t) => t.id === active));
  const onKey = (e: React.KeyboardEvent) => {
    let next = index;
    if (e.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    else return;
    e.preventDefault();
    setActive(tabs[next].id);
    document.getElementById(`${base}-tab-${tabs[next].id}`)?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tablist" onKeyDown={onKey}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            id={`${base}-tab-${t.id}`}
            role="tab"
            type="button"
            aria-selected={i === index}
            aria-controls={`${base}-panel-${t.id}`}
            tabIndex={i === index ? 0 : -1}
            className="tab"
            onClick={() => setActive(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t, i) => (
        <div
          key={t.id}
          id={`${base}-panel-${t.id}`}
          role="tabpanel"
          aria-labelledby={`${base}-tab-${t.id}`}
          hidden={i !== index}
          className="tabpanel"
        >
          {i === index ? t.content : null}
        </div>
      ))}
    </div>
  );
}

/** Copies text to the clipboard, with feedback a screen reader hears too. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2500);
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={copy}>
        {label}
      </button>
      <span className="copy-feedback" role="status" aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text and copy it by hand' : ''}
      </span>
    </>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}

/**
 * A destructive action in two steps: the first press asks, the second does it (no modal dialog, keyboard friendly).
 */
export function ConfirmButton({ label, confirmLabel, onConfirm, disabled, small = true }: {
  label: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  small?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const size = small ? ' btn-small' : '';
  if (!asking) {
    return (
      <button type="button" className={`btn${size} btn-danger`} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label="Confirm">
      <button type="button" className={`btn${size} btn-danger`} disabled={disabled} autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}>
        {confirmLabel}
      </button>
      <button type="button" className={`btn${size}`} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/** A labelled form field with its hint and error tied to the control for screen readers. */
export function Field({ label, hint, error, wide, children }: {
  label: string;
  hint?: string;
  error?: string;
  wide?: boolean;
  children: (p: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={`${id}-err`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** The project a settings page is about: changing it replaces the page's ?projectId= in the address. */
export function ProjectPicker({ projects, value, onChange }: {
  projects: { id: string; name: string }[];
  value: string;
  onChange: (projectId: string) => void;
}) {
  return (
    <label className="inline-field">
      <span>Project</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

