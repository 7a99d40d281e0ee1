import { afterEach, describe, expect, it, vi } from 'vitest';
import { clockTime, echo, echoLine, jpSed } from './shell';

afterEach(() => vi.restoreAllMocks());

describe('the blog shell idioms', () => {
  it('clockTime is `date +%H:%M:%S`: two digits each, local time', () => {
    expect(clockTime(new Date(2021, 5, 7, 9, 5, 3))).toBe('09:05:03');
    expect(clockTime(new Date(2021, 5, 7, 23, 59, 59))).toBe('23:59:59');
  });

  it('echo without quotes joins the words with one space and drops leading and trailing blanks', () => {
    expect(echoLine('  キューのメッセージ数は\t 3   です。\n')).toBe('キューのメッセージ数は 3 です。');
    expect(echoLine('')).toBe('');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    echo('a   b');
    expect(log).toHaveBeenCalledWith('a b');
  });

  it('jpSed prints what `jp.py EXPR | sed s/[]\\"\\[]//g` printed: JSON indented by 4, without [ ] and "', () => {
    const saved = JSON.stringify({
      Messages: [{ Body: '12回目のメッセージ送信です。今は10:00:12です。', ReceiptHandle: 'AQEB+x/y==' }],
    });
    expect(jpSed(saved, 'Messages[].Body')).toBe('\n    12回目のメッセージ送信です。今は10:00:12です。\n\n');
    expect(jpSed(saved, 'Messages[].ReceiptHandle').trim()).toBe('AQEB+x/y==');
  });

  it('jpSed refuses a truncated file instead of printing a part of it', () => {
    expect(() => jpSed('{"Messages": [', 'Messages[].Body')).toThrow(SyntaxError);
  });
});
