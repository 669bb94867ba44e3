import { containerPath, query, type CaseSpec, type Family } from './case';

/**
 * Berth's own routes beyond Zun: a container's events and replayed state, its watch stream, the
 * live event streams (the project's and a container's), and the project audit (paged and NDJSON).
 * The list parameters common to every list are in lists.
 */
export const extensions: Family = {
  name: 'extensions',
  owner: 'schemas',
  build(t) {
    const get = (path: string, name: string, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name,
      method: 'GET',
      path,
      ...extra,
    });
    const events = (q: string) => containerPath(t.running, 'events', q);
    const state = (q: string) => containerPath(t.running, 'state', q);
    const live = (q: string) => `/v1/events/stream${q === '' ? '' : `?${q}`}`;
    const liveOne = (q: string) => containerPath(t.running, 'events/stream', q);
    const audit = (q: string) => `/v1/audit/actions${q === '' ? '' : `?${q}`}`;
    const ndjson = (q: string) => `/v1/audit/actions.ndjson${q === '' ? '' : `?${q}`}`;
    return [
      get(events('marker=-1'), 'events marker=-1'),
      get(events('marker=abc'), 'events marker=abc'),
      get(events('marker=1.5'), 'events marker=1.5'),
      get(events('marker=99999999999999999999999'), 'events marker past any 64-bit revision'),
      get(events('marker=1&marker=2'), 'events marker given twice'),
      get(containerPath(t.running, 'events'), "events of another project's container", {
        auth: 'member',
      }),
      get(state(''), 'state without a point'),
      get(state('at_position=1%3A2&at_time=2025-01-01T00%3A00%3A00Z'), 'state with both points'),
      get(state('at_position=12'), 'state at_position=12'),
      get(state('at_position=abc%3Adef'), 'state at_position=abc:def'),
      get(state('at_position=1%3A-2'), 'state at_position=1:-2'),
      get(state('at_time=yesterday'), 'state at_time=yesterday'),
      get(state('at_time=2025-13-45T00%3A00%3A00Z'), 'state at_time in month 13'),
      get(state('at_time=2025-01-01T00%3A00%3A00'), 'state at_time without a zone'),
      get(state('at_time=1970-01-01T00%3A00%3A00Z'), 'state before the container existed'),
      get(state('at_position=0%3A0&evil=1'), 'state with an unknown parameter'),
      get(
        containerPath(t.running, 'state', 'at_position=0%3A0'),
        "state of another project's container",
        { auth: 'member' },
      ),
      get(containerPath(t.running, 'watch', 'all_projects=maybe'), 'watch all_projects=maybe'),
      get(containerPath(t.running, 'watch'), "watch another project's container", {
        auth: 'member',
      }),
      get(live('after=12'), 'event stream after=12'),
      get(live('after=abc%3Adef'), 'event stream after=abc:def'),
      get(live('after=1%3A-2'), 'event stream after=1:-2'),
      get(live('after=99999999999999999999%3A0'), 'event stream after past any 64-bit position'),
      get(live('after=9223372036854775808%3A0'), 'event stream after 2^63:0'),
      get(live('after=1%3A2&after=3%3A4'), 'event stream after given twice'),
      get(live('all_projects=maybe'), 'event stream all_projects=maybe'),
      get(live('from=0%3A0'), 'event stream with an unknown parameter'),
      get(live(''), 'event stream with a Last-Event-ID that is no position', {
        headers: { 'last-event-id': 'not-a-position' },
      }),
      get(live(''), 'event stream with a Last-Event-ID past any 64-bit position', {
        headers: { 'last-event-id': '1:99999999999999999999' },
      }),
      get(live('all_projects=true'), 'event stream of every project as a member', {
        auth: 'member',
      }),
      get(liveOne('after=x'), "a container's event stream after=x"),
      get(liveOne('all_projects=true'), "a container's event stream with all_projects"),
      get(liveOne(''), "event stream of another project's container", { auth: 'member' }),
      get(liveOne(''), "a container's event stream with a Last-Event-ID that is no position", {
        headers: { 'last-event-id': '0:0:0' },
      }),
      get(audit('action=explode'), 'audit action=explode'),
      get(audit('result=success'), 'audit result=success'),
      get(audit('since=yesterday'), 'audit since=yesterday'),
      get(
        audit(
          query([
            ['since', '2025-01-02T00:00:00Z'],
            ['until', '2025-01-01T00:00:00Z'],
          ]),
        ),
        'audit since after until',
      ),
      get(audit('until=2025-01-01'), 'audit until without a time'),
      get(audit('sort_dir=newest'), 'audit sort_dir=newest'),
      get(
        audit('marker=req-00000000-0000-0000-0000-000000000000'),
        'audit marker that does not exist',
      ),
      get(audit('status=Running'), 'audit status=Running'),
      get(audit('project_id=a&project_id=b'), 'audit project_id given twice'),
      get(ndjson('limit=10'), 'audit NDJSON with a page size'),
      get(ndjson('action=explode'), 'audit NDJSON action=explode'),
      get(
        ndjson('marker=req-00000000-0000-0000-0000-000000000000'),
        'audit NDJSON marker that does not exist',
      ),
      get(ndjson(`project_id=${t.adminProject}`), 'audit NDJSON of another project as a member', {
        auth: 'member',
      }),
      get(ndjson('evil=1'), 'audit NDJSON with an unknown parameter'),
    ];
  },
};
