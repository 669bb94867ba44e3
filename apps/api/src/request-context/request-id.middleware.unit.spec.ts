import type { HttpRequest, HttpResponse } from './http.types';
import { REQUEST_ID_HEADER, requestIdMiddleware } from './request-id.middleware';

const BERTH_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Runs the middleware on a request carrying `incoming`; answers the state and echoed header. */
function run(incoming?: string | string[]): { state: HttpRequest['berth']; echoed: unknown } {
  const req = { headers: incoming === undefined ? {} : { [REQUEST_ID_HEADER]: incoming } };
  const headers = new Map<string, unknown>();
  const res = { setHeader: (name: string, value: unknown) => headers.set(name, value) };
  let called = false;
  requestIdMiddleware(req as unknown as HttpRequest, res as unknown as HttpResponse, () => {
    called = true;
  });
  expect(called).toBe(true);
  const state = (req as unknown as HttpRequest).berth;
  return { state, echoed: headers.get(REQUEST_ID_HEADER) };
}

describe('requestIdMiddleware', () => {
  it('gives a request without an id one Berth made, and echoes it', () => {
    const { state, echoed } = run();
    expect(state?.requestId).toMatch(BERTH_ID);
    expect(echoed).toBe(state?.requestId);
    expect(state?.globalRequestId).toBeNull();
  });

  it('keeps a well-formed incoming id as the global request id, never as its own', () => {
    const incoming = 'req-12345678-1234-1234-1234-123456789abc';
    const { state, echoed } = run(incoming);
    expect(state?.globalRequestId).toBe(incoming);
    expect(state?.requestId).not.toBe(incoming);
    expect(echoed).toBe(state?.requestId);
  });

  it('makes a new id for every request, even when a client repeats its own', () => {
    const incoming = 'req-12345678-1234-1234-1234-123456789abc';
    const ids = new Set(Array.from({ length: 50 }, () => run(incoming).state?.requestId));
    expect(ids.size).toBe(50);
  });

  it.each([
    ['a tab', 'evil\tvalue'],
    ['upper case (oslo’s format is lower case)', 'req-12345678-1234-1234-1234-123456789ABC'],
    ['a trailing character', 'req-12345678-1234-1234-1234-123456789abcd'],
    ['a megabyte', `req-${'a'.repeat(1 << 20)}`],
    ['an empty value', ''],
  ])('drops an incoming id with %s', (_what, incoming) => {
    const { state } = run(incoming);
    expect(state?.globalRequestId).toBeNull();
    expect(state?.requestId).toMatch(BERTH_ID);
  });

  it('drops a repeated header rather than choosing one', () => {
    const incoming = 'req-12345678-1234-1234-1234-123456789abc';
    expect(run([incoming, incoming]).state?.globalRequestId).toBeNull();
  });
});
