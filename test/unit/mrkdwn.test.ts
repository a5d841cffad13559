import { describe, expect, it } from 'vitest';
import { date, escapeAndTruncate, escapeText, link, singleLine, truncate, user } from '../../src/slack/mrkdwn.ts';

describe('escapeText', () => {
  it('escapes &, < and > so control sequences show as typed', () => {
    expect(escapeText('<!channel> <@U123> <http://evil|bank> & co')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|bank&gt; &amp; co',
    );
  });

  it('escapes an ampersand before the entities it writes (no double meaning)', () => {
    expect(escapeText('&lt;')).toBe('&amp;lt;');
  });

  it('leaves everything else alone', () => {
    expect(escapeText('*bold* _it_ "quotes" \'s émoji 🎉')).toBe('*bold* _it_ "quotes" \'s émoji 🎉');
  });
});

describe('truncate', () => {
  it('returns short text unchanged', () => {
    expect(truncate('hello', 5)).toBe('hello');
  });

  it('cuts with a single ellipsis within max', () => {
    const cut = truncate('abcdefghij', 5);
    expect(cut).toBe('abcd…');
    expect(cut.length).toBe(5);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('ab🎉🎉🎉', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });

  it('gives an empty string for a non-positive max', () => {
    expect(truncate('abc', 0)).toBe('');
  });
});

describe('escapeAndTruncate', () => {
  it('counts the escaped length and never cuts an entity in half', () => {
    const cut = escapeAndTruncate('<<<<<', 10);
    expect(cut).toBe('&lt;&lt;…');
    expect(cut.length).toBeLessThanOrEqual(10);
  });

  it('keeps text that fits', () => {
    expect(escapeAndTruncate('a<b', 10)).toBe('a&lt;b');
  });
});

describe('singleLine', () => {
  it('collapses line breaks and runs of whitespace', () => {
    expect(singleLine('  acme\n\ncorp\t x ')).toBe('acme corp x');
  });
});

describe('user', () => {
  it('mentions ids shaped like Slack user ids', () => {
    expect(user('U0123ABC')).toBe('<@U0123ABC>');
    expect(user('W0123ABC')).toBe('<@W0123ABC>');
  });

  it('shows anything else as escaped text, never a mention', () => {
    expect(user('!channel')).toBe('!channel');
    expect(user('U123> <!here')).toBe('U123&gt; &lt;!here');
    expect(user('u0123abc')).toBe('u0123abc');
  });
});

describe('link', () => {
  it('links an http(s) URL with escaped text', () => {
    expect(link('https://acme.atlassian.net/browse/OPS-1', 'OPS-1 <b>')).toBe(
      '<https://acme.atlassian.net/browse/OPS-1|OPS-1 &lt;b&gt;>',
    );
  });

  it('keeps the URL from ending the link early', () => {
    expect(link('https://x.test/a|b?q=<c>&d', 'x')).toBe('<https://x.test/a%7Cb?q=%3Cc%3E&amp;d|x>');
  });

  it('shows only the text for other schemes or garbage', () => {
    expect(link('javascript:alert(1)', 'click')).toBe('click');
    expect(link('not a url', '<!channel>')).toBe('&lt;!channel&gt;');
  });
});

describe('date', () => {
  it("uses Slack's date formatting with an ISO fallback", () => {
    expect(date(new Date('2024-03-04T10:05:00Z'))).toBe(
      '<!date^1709546700^{date_short_pretty} {time}|2024-03-04T10:05:00.000Z>',
    );
  });
});
