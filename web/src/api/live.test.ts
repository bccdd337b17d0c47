import { describe, expect, it } from 'vitest';
import { SseParser } from './live';

describe('SseParser', () => {
  it('splits events on blank lines, across chunk boundaries', () => {
    const p = new SseParser();
    expect(p.push('data:{"a":')).toEqual([]);
    expect(p.push('1}\n')).toEqual([]);
    expect(p.push('\ndata: {"a":2}\n\n')).toEqual(['{"a":1}', '{"a":2}']);
  });
  it('joins multi-line data and ignores comments and other fields', () => {
    const p = new SseParser();
    expect(p.push(': keep-alive\nevent: update\nid: 7\ndata: line1\ndata: line2\n\n')).toEqual(['line1\nline2']);
  });
  it('accepts CRLF and CR line ends, even split between chunks', () => {
    const p = new SseParser();
    expect(p.push('data: x\r')).toEqual([]);
    expect(p.push('\n\r\n')).toEqual(['x']);
    // a CR at the very end may be half of a CRLF: the event ends when the next line starts
    expect(p.push('data: y\r\r')).toEqual([]);
    expect(p.push('data: z\n\n')).toEqual(['y', 'z']);
  });
});
