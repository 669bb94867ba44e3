import { PolicyEnforcer } from '../policy/policy-enforcer';
import { PolicyTable } from '../policy/policy-table';
import { RequestContext } from '../request-context/request-context';
import { DISCLOSURE_RULES, Disclosure } from './disclosure';

const defaults = new PolicyEnforcer(PolicyTable.defaults());

const caller = (roles: string[]): RequestContext =>
  new RequestContext({
    request_id: 'req-test',
    user_id: 'u1',
    user_name: 'tester',
    project_id: 'p1',
    project_name: 'p1',
    roles,
    auth_token: null,
  });

const request = {
  request_id: 'req-1',
  at: '2025-01-01T00:00:00.000Z',
  name: 'web',
  host: 'compute-7',
  scheduling: { hints: {}, availability_zone: null, requested_host: 'compute-7' },
};

describe('Disclosure', () => {
  it('shows an admin every field Zun’s policy guards', () => {
    const admin = defaults.disclosure(caller(['admin']));
    for (const field of Object.keys(DISCLOSURE_RULES) as (keyof typeof DISCLOSURE_RULES)[]) {
      expect(admin.shows(field)).toBe(true);
    }
  });

  it('shows a member or a reader none of them', () => {
    for (const roles of [['member'], ['reader'], []]) {
      const disclosure = defaults.disclosure(caller(roles));
      for (const field of Object.keys(DISCLOSURE_RULES) as (keyof typeof DISCLOSURE_RULES)[]) {
        expect(disclosure.shows(field)).toBe(false);
      }
    }
  });

  it('follows the rule table: a policy file that shows hosts to owners shows members the host', () => {
    const open = new PolicyEnforcer(
      PolicyTable.compile({ 'container:get_one:host': 'rule:admin_or_owner' }),
    );
    const member = open.disclosure(caller(['member']));
    expect(member.shows('host')).toBe(true);
    expect(member.shows('traceback')).toBe(false);
  });

  it('names the Zun policy rule of each field', () => {
    expect(DISCLOSURE_RULES.host).toBe('container:get_one:host');
    expect(DISCLOSURE_RULES.traceback).toBe('container:action:events');
  });

  it('lists the admin-only keys of a container view for those who may not see them', () => {
    expect([...Disclosure.nothing.hiddenContainerKeys].sort()).toEqual([
      'host',
      'image_pull_policy',
      'privileged',
      'runtime',
    ]);
    expect(Disclosure.everything.hiddenContainerKeys).toEqual([]);
  });

  it('keeps hosts out of a member’s copy of event data, and out of request parameters', () => {
    const shown = Disclosure.nothing.eventData('ContainerCreateRequested', request);
    expect(shown).toEqual({
      request_id: 'req-1',
      at: '2025-01-01T00:00:00.000Z',
      name: 'web',
      scheduling: { hints: {}, availability_zone: null },
    });
    const { request_id: _r, at: _a, ...params } = request;
    expect(JSON.stringify(Disclosure.nothing.requestParams('create', params))).not.toContain(
      'compute-7',
    );
    expect(Disclosure.everything.eventData('ContainerCreateRequested', request)).toBe(request);
    expect(Disclosure.everything.requestParams('create', params)).toBe(params);
  });

  it('hides tracebacks and lone host names from callers who may not see them', () => {
    expect(Disclosure.nothing.traceback('attempt 1 on compute-7: boom')).toBeNull();
    expect(Disclosure.everything.traceback('boom')).toBe('boom');
    expect(Disclosure.nothing.host('compute-7')).toBeUndefined();
    expect(Disclosure.everything.host('compute-7')).toBe('compute-7');
  });
});
