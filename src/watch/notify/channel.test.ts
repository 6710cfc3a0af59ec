import { describe, expect, it } from 'vitest';
import { checkChannel, isMailbox, urlProblem } from './channel.js';

describe('urlProblem', () => {
  it.each([
    ['https://hooks.slack.com/services/T/B/X', undefined],
    ['http://127.0.0.1:9999/hook', undefined],
    ['ftp://example.com', 'must be an http or https URL, not ftp'],
    ['javascript:alert(1)', 'must be an http or https URL, not javascript'],
    ['example.com/hook', '"example.com/hook" is not a URL'],
    ['https://user:pw@hooks.example.com/x', 'the URL may not hold a user or password; put credentials in headers (e.g. Authorization)'],
    ['http://127.0.0.1:6667/irc', 'port 6667 is blocked for HTTP by the Fetch standard (it belongs to another protocol); use another port'],
  ])('%s', (url, problem) => expect(urlProblem(url)).toBe(problem));
});

describe('isMailbox', () => {
  it.each([
    ['ops@example.com', true],
    ['Almanac Alerts <alerts@example.co.uk>', true],
    ['no-at-sign', false],
    ['two@@example.com', false],
    ['a@b', true],
    ['Name <a@example.com', false],
    ['a@-bad-.com', false],
    ['evil\r\nBcc: x@example.com <a@example.com>', false],
  ])('%s → %s', (s, ok) => expect(isMailbox(s)).toBe(ok));
});

describe('checkChannel', () => {
  const base = { kind: 'channel', name: 'c' };
  it('accepts a complete document of each type', () => {
    expect(checkChannel({ ...base, type: 'webhook', url: 'https://x.example/h', secret: 's', headers: { Authorization: 'Bearer t' } })).toEqual([]);
    expect(checkChannel({ ...base, type: 'slack', url: 'https://hooks.slack.com/x' })).toEqual([]);
    expect(checkChannel({ ...base, type: 'email', host: 'smtp.example.com', port: 465, secure: true, user: 'u', passwordEnv: 'SMTP_PASSWORD', from: 'a@example.com', to: ['b@example.com'] })).toEqual([]);
    expect(checkChannel({ ...base, type: 'in-app' })).toEqual([]);
  });
  it('reports every problem at once, each with its field', () => {
    const issues = checkChannel({ ...base, type: 'email', port: 0, from: 'x', to: ['y'], url: 'https://x.example' });
    expect(issues.map((i) => i.path).sort()).toEqual(['from', 'host', 'port', 'to[0]', 'url'].sort());
  });
  it('header values must be sendable', () => {
    const doc = (v: string) => ({ ...base, type: 'webhook', url: 'https://x.example/h', headers: { 'X-Note': v } });
    expect(checkChannel(doc('café ok'))).toEqual([]);
    expect(checkChannel(doc('a\r\nX-Evil: 1'))[0].message).toContain('line breaks');
    expect(checkChannel(doc('emoji 🚨'))[0].message).toContain('Latin-1');
  });
  it('an in-app channel takes no delivery fields', () => {
    expect(checkChannel({ ...base, type: 'in-app', url: 'https://x.example' })).toEqual([{ path: 'url', message: 'does not apply to an in-app channel' }]);
  });
});
