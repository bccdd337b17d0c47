import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { caretLine, SourceView } from './SourceView';

afterEach(cleanup);

describe('SourceView', () => {
  it('places each compile error under its line with a caret at its column', () => {
    const source = 'public class A {\n\tvoid f() { int x = y; }\n}\n';
    const { container } = render(
      <SourceView source={source} label="src" errors={[{ file: 'A.java', line: 2, column: 21, message: 'cannot find symbol' }]} />,
    );
    const lines = container.querySelectorAll('tr:not(.error-note)');
    expect(lines).toHaveLength(3);
    expect(lines[1].classList.contains('error-line')).toBe(true);
    const note = container.querySelector('tr.error-note')!;
    expect(note.previousElementSibling).toBe(lines[1]);
    expect(note.getAttribute('data-line')).toBe('2');
    expect(note.getAttribute('data-column')).toBe('21');
    const caret = note.querySelector('.caret')!.textContent!;
    expect(caret).toBe('\t' + ' '.repeat(19) + '^');
    expect('\tvoid f() { int x = y; }'[caret.length - 1]).toBe('y');
    expect(note.textContent).toContain('Error at line 2, column 21');
    expect(note.textContent).toContain('cannot find symbol');
  });
  it('puts the caret at the first column for column 1', () => {
    expect(caretLine('abc', 1)).toBe('^');
    expect(caretLine('abc', 0)).toBe('^');
  });
});
