import { Fragment, useMemo } from 'react';
import type { CompileError } from '../api/types';

/**
 * Java source with line numbers; compile errors appear under their line with a caret at their column (1-based, as the
 * compiler counts; a tab counts as one column).
 */
export function SourceView({ source, errors = [], label }: { source: string; errors?: CompileError[]; label: string }) {
  const lines = useMemo(() => source.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n'), [source]);
  const byLine = useMemo(() => {
    const m = new Map<number, CompileError[]>();
    for (const e of errors) {
      const list = m.get(e.line) ?? [];
      list.push(e);
      m.set(e.line, list);
    }
    return m;
  }, [errors]);
  const idPrefix = label.replace(/[^A-Za-z0-9_-]/g, '_');

  return (
    <div className="source" role="region" aria-label={label} tabIndex={0}>
      <table className="source-table">
        <tbody>
          {lines.map((text, i) => {
            const n = i + 1;
            const errs = byLine.get(n);
            return (
              <Fragment key={n}>
                <tr id={`${idPrefix}-L${n}`} className={errs ? 'error-line' : undefined}>
                  <td className="ln" aria-hidden="true">
                    {n}
                  </td>
                  <td className="code">
                    <code>{text || ' '}</code>
                  </td>
                </tr>
                {errs?.map((e, k) => (
                  <tr key={`e${k}`} className="error-note" data-line={e.line} data-column={e.column}>
                    <td className="ln" aria-hidden="true" />
                    <td className="code">
                      <code className="caret" aria-hidden="true">
                        {caretLine(text, e.column)}
                      </code>
                      <span className="error-message">
                        <span className="visually-hidden">
                          Error at line {e.line}, column {e.column}:{' '}
                        </span>
                        {e.message}
                      </span>
                    </td>
                  </tr>
                ))}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Spaces up to the column (keeping tabs, so the caret lines up under the character), then a caret. */
export function caretLine(text: string, column: number): string {
  const col = Math.max(1, column);
  let prefix = '';
  for (let i = 0; i < col - 1; i++) prefix += text[i] === '\t' ? '\t' : ' ';
  return `${prefix}^`;
}

/** The list of compile errors, each one a link to its place in the source. */
export function CompileErrorList({ errors, label }: { errors: CompileError[]; label: string }) {
  const idPrefix = label.replace(/[^A-Za-z0-9_-]/g, '_');
  return (
    <ul className="compile-errors">
      {errors.map((e, i) => (
        <li key={i}>
          <a href={`#${idPrefix}-L${e.line}`}>
            {e.file}:{e.line}:{e.column}
          </a>{' '}
          {e.message}
        </li>
      ))}
    </ul>
  );
}
