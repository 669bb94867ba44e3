import type { IncomingHttpHeaders } from 'node:http';
import { completeCases, type CaseSpec } from './case';
import { judge } from './judge';
import type { Answer } from './send';

const family = { name: 'unit', owner: 'schemas' as const, build: () => [] };
const caseOf = (spec: Partial<CaseSpec> = {}) =>
  completeCases(family, [{ name: 'x', method: 'GET', path: '/v1/containers', ...spec }])[0];

function answer(status: number | null, body: unknown, headers: IncomingHttpHeaders = {}): Answer {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ms: 1,
  };
}

const zun = (status: number, requestId = 'req-1') =>
  answer(
    status,
    {
      errors: [
        {
          request_id: requestId,
          code: 'container.invalid',
          status,
          title: 'Bad',
          detail: 'Bad',
          links: [],
        },
      ],
    },
    { 'x-openstack-request-id': 'req-1' },
  );

describe('judging an answer to a bad request', () => {
  it('takes a 4xx in Zun’s format whose request_id is the header’s', () => {
    expect(judge(caseOf(), zun(400))).toBeNull();
    expect(judge(caseOf(), zun(409))).toBeNull();
  });

  it('fails an acceptance, a 5xx, a timeout and a closed connection, saying which', () => {
    expect(judge(caseOf(), zun(202))).toBe('accepted with 202');
    expect(judge(caseOf(), zun(500))).toBe('server error 500');
    expect(judge(caseOf(), { ...answer(null, ''), error: 'no answer within 10 ms' })).toBe(
      'no answer within 10 ms',
    );
  });

  it('takes a close for an answer only where the case says so, and a timeout never', () => {
    const closed: Answer = { ...answer(null, ''), error: 'closed', closedUnanswered: true };
    const timedOut: Answer = { ...answer(null, ''), error: 'no answer within 10 ms' };
    expect(judge(caseOf(), closed)).toBe('closed');
    expect(judge(caseOf({ closeIsRefusal: true }), closed)).toBeNull();
    expect(judge(caseOf({ closeIsRefusal: true }), timedOut)).toBe('no answer within 10 ms');
  });

  it('holds a case to its exact status where the status is the point', () => {
    expect(judge(caseOf({ status: [413] }), zun(400))).toBe('expected 413, got 400');
    expect(judge(caseOf({ status: [413, 415] }), zun(415))).toBeNull();
  });

  it('fails a refusal whose body is not Zun’s error document', () => {
    expect(judge(caseOf(), zun(400, 'req-2'))).toMatch(/request_id is not the/);
    expect(judge(caseOf(), answer(400, 'Bad Request', { 'content-type': 'text/html' }))).toMatch(
      /not JSON/,
    );
    expect(judge(caseOf(), answer(400, { message: 'nope' }))).toMatch(/no errors\[0\]/);
  });

  it('wants Keystone’s error document under /identity', () => {
    const c = caseOf({ path: '/identity/v3/auth/tokens' });
    expect(
      judge(c, answer(401, { error: { code: 401, title: 'Unauthorized', message: 'x' } })),
    ).toBeNull();
    expect(judge(c, zun(401))).toMatch(/not Keystone's error format/);
  });

  it('takes GraphQL’s errors at /graphql, and a refused field inside a 200 only when marked so', () => {
    const c = caseOf({ path: '/graphql', method: 'POST' });
    expect(judge(c, answer(400, { errors: [{ message: 'Syntax Error' }] }))).toBeNull();
    const field = { data: null, errors: [{ message: 'no', extensions: { status: 403 } }] };
    expect(judge(c, answer(200, field))).toBe('accepted with 200');
    expect(
      judge(caseOf({ path: '/graphql', format: 'graphql-field' }), answer(200, field)),
    ).toBeNull();
    const answered = {
      data: { hosts: [] },
      errors: [{ message: 'no', extensions: { status: 403 } }],
    };
    expect(
      judge(caseOf({ path: '/graphql', format: 'graphql-field' }), answer(200, answered)),
    ).toMatch(/answered data/);
  });

  it('reads only the status of a HEAD', () => {
    expect(judge(caseOf({ method: 'HEAD' }), answer(404, ''))).toBeNull();
  });
});
