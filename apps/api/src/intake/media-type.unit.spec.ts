import { unreadableBodyHeaders } from './media-type';

describe('the headers of a request body', () => {
  it('take application/json, with or without a UTF-8 charset, in any case', () => {
    for (const type of [
      'application/json',
      'Application/JSON',
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
      'application/json; charset=utf8; foo=bar',
    ]) {
      expect(unreadableBodyHeaders({ 'content-type': type })).toBeNull();
    }
    expect(
      unreadableBodyHeaders({ 'content-type': 'application/json', 'content-encoding': 'identity' }),
    ).toBeNull();
  });

  it('refuse forms, text, JSON look-alikes and a missing type, naming what was sent', () => {
    expect(
      unreadableBodyHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
    ).toContain("'application/x-www-form-urlencoded'");
    for (const type of ['text/plain', 'application/jsonx', 'application/vnd.api+json', 'json']) {
      expect(unreadableBodyHeaders({ 'content-type': type })).toMatch(/must be application\/json/);
    }
    expect(unreadableBodyHeaders({})).toBe(
      'A request body needs the Content-Type application/json.',
    );
  });

  it('refuse another charset and a compressed body', () => {
    expect(unreadableBodyHeaders({ 'content-type': 'application/json; charset=latin1' })).toBe(
      "Unsupported charset 'latin1': a JSON body is UTF-8.",
    );
    expect(
      unreadableBodyHeaders({ 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    ).toMatch(/^Unsupported Content-Encoding 'gzip'/);
  });

  it('echo at most 100 printable characters of a header', () => {
    const message = unreadableBodyHeaders({ 'content-type': `x/${'y'.repeat(500)}\u0001` });
    expect(message).not.toContain('\u0001');
    expect(message!.length).toBeLessThan(200);
  });
});
