import { describe, expect, it } from 'vitest';
import { parseMrkdwn } from '../../src/demo/slack-sandbox/public/mrkdwn.js';

describe("the sandbox page's mrkdwn parser", () => {
  it('reads mentions, links, dates and formatting the way Slack renders them', () => {
    expect(parseMrkdwn('*Requester*\n<@U0RILEY01> · <https://jira.example/browse/OPS-1|OPS-1> _now_')).toEqual([
      { type: 'bold', children: [{ type: 'text', text: 'Requester' }] },
      { type: 'br' },
      { type: 'user', id: 'U0RILEY01', label: null },
      { type: 'text', text: ' · ' },
      { type: 'link', url: 'https://jira.example/browse/OPS-1', label: 'OPS-1' },
      { type: 'text', text: ' ' },
      { type: 'italic', children: [{ type: 'text', text: 'now' }] },
    ]);
    expect(parseMrkdwn('<!date^1700000000^{date_short_pretty} {time}|2023-11-14T22:13:20Z> `a <b>`')).toEqual([
      {
        type: 'date',
        unix: 1700000000,
        format: '{date_short_pretty} {time}',
        link: null,
        fallback: '2023-11-14T22:13:20Z',
      },
      { type: 'text', text: ' ' },
      { type: 'code', text: 'a <b>' },
    ]);
  });

  it('keeps escaped text as text: a typed <script>, &, and fake mentions stay inert', () => {
    expect(parseMrkdwn('&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt; &lt;@U0RILEY01&gt;')).toEqual([
      { type: 'text', text: '<script>alert(1)</script> &lt; <@U0RILEY01>' },
    ]);
  });

  it('never makes a link of anything but http(s) and mailto', () => {
    expect(parseMrkdwn('<javascript:alert(1)|click me>')).toEqual([{ type: 'text', text: 'click me' }]);
    expect(parseMrkdwn('<data:text/html,x>')).toEqual([{ type: 'text', text: 'data:text/html,x' }]);
  });

  it('leaves underscores inside words alone and reads quotes, code blocks and emoji', () => {
    expect(parseMrkdwn('target_user_name')).toEqual([{ type: 'text', text: 'target_user_name' }]);
    expect(parseMrkdwn('&gt; quoted\n```*not bold*```:white_check_mark:')).toEqual([
      { type: 'quote', children: [{ type: 'text', text: 'quoted' }] },
      { type: 'pre', text: '*not bold*' },
      { type: 'emoji', name: 'white_check_mark', char: '✅' },
    ]);
  });
});
