import { opsConfigFromEnv, opsPortFromEnv } from './ops.config';
import { withDeadline } from './readiness';
import { routeLabel, type RoutedRequest } from './http-metrics.middleware';

describe('operating settings', () => {
  it('leaves /metrics open unless BERTH_METRICS_TOKEN is set', () => {
    expect(opsConfigFromEnv({}).metricsToken).toBeNull();
    expect(opsConfigFromEnv({ BERTH_METRICS_TOKEN: '  ' }).metricsToken).toBeNull();
    expect(opsConfigFromEnv({ BERTH_METRICS_TOKEN: 's3cret' }).metricsToken).toBe('s3cret');
  });

  it('takes a health port of 0 as "no server" and refuses one that is not a port', () => {
    expect(opsPortFromEnv('BERTH_COMPUTE_OPS_PORT', {})).toBe(9101);
    expect(opsPortFromEnv('BERTH_PROJECTOR_OPS_PORT', {})).toBe(9102);
    expect(opsPortFromEnv('BERTH_COMPUTE_OPS_PORT', { BERTH_COMPUTE_OPS_PORT: '0' })).toBe(0);
    expect(() =>
      opsPortFromEnv('BERTH_PROJECTOR_OPS_PORT', { BERTH_PROJECTOR_OPS_PORT: 'abc' }),
    ).toThrow(/BERTH_PROJECTOR_OPS_PORT/);
    expect(() =>
      opsPortFromEnv('BERTH_PROJECTOR_OPS_PORT', { BERTH_PROJECTOR_OPS_PORT: '70000' }),
    ).toThrow(/BERTH_PROJECTOR_OPS_PORT must be a whole number from 0 to 65535/);
  });

  it('refuses a readiness check timeout of zero', () => {
    expect(() => opsConfigFromEnv({ BERTH_READY_CHECK_TIMEOUT_MS: '0' })).toThrow(
      /BERTH_READY_CHECK_TIMEOUT_MS/,
    );
  });
});

describe('a readiness check with a deadline', () => {
  it('fails a check that never answers with the deadline message', async () => {
    await expect(withDeadline(new Promise(() => undefined), 20, 'no answer')).rejects.toThrow(
      'no answer',
    );
  });

  it('passes through a check that answers in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 1000, 'late')).resolves.toBe(7);
  });
});

describe('the route label of a request', () => {
  const request = (fields: Partial<RoutedRequest>): RoutedRequest => fields as RoutedRequest;

  it('is the template Express matched, never the path with its ids', () => {
    const label = routeLabel(
      request({
        originalUrl: '/v1/containers/5b3c3f0e-1f5e-4c7e-9d0a-0f6a8f2f9e11',
        baseUrl: '',
        route: { path: '/v1/containers/:container_ident' },
      }),
    );
    expect(label).toBe('/v1/containers/:container_ident');
  });

  it('is the mount for GraphQL and "unmatched" for any path no route took', () => {
    expect(routeLabel(request({ originalUrl: '/graphql?x=1' }))).toBe('/graphql');
    expect(routeLabel(request({ originalUrl: '/v1/no-such/123' }))).toBe('unmatched');
  });
});
