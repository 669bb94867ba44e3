import { constants } from 'node:os';
import fc from 'fast-check';
import {
  notABooleanText,
  notANonNegativeIntegerText,
  notAPositiveIntegerText,
} from './arbitraries';
import { containerPath, query, type CaseSpec, type ContainerRef, type Family } from './case';

/** Every spelling of a signal Zun's `signal` enum takes (SIGKILL, KILL, sigkill, kill, 9). */
const KNOWN_SIGNALS: ReadonlySet<string> = (() => {
  const names = [...Object.keys(constants.signals), 'SIGRTMIN', 'SIGRTMAX'];
  const spellings = new Set<string>(['None']);
  for (const name of names) {
    const bare = name.replace(/^SIG/, '');
    for (const s of [name, bare, name.toLowerCase(), bare.toLowerCase()]) spellings.add(s);
  }
  for (let n = 1; n <= 64; n++) spellings.add(String(n));
  return spellings;
})();

const badSignal = fc
  .oneof(
    fc.integer({ min: 65, max: 100_000 }).map(String),
    fc.integer({ min: -64, max: 0 }).map(String),
    fc.stringMatching(/^(SIG)?[A-Z]{3,7}$/),
    fc.string({ minLength: 1, maxLength: 8 }),
  )
  .filter((s) => !KNOWN_SIGNALS.has(s));

/**
 * The query parameters of the container actions and synchronous I/O routes (Zun's
 * query_param_* schemas), the state rules and unknown idents. Cases that would stop, restart,
 * kill or rebuild a target if wrongly accepted are destructive (sent last).
 */
export const actionParams: Family = {
  name: 'action-params',
  owner: 'schemas',
  build(t, gen) {
    const at = (
      ref: ContainerRef,
      method: 'GET' | 'POST',
      sub: string,
      q: string,
      name: string,
      extra: Partial<CaseSpec> = {},
    ): CaseSpec => ({ name, method, path: containerPath(ref, sub, q), ...extra });
    const destructive = { destructive: true };
    const raw = (pairs: ReadonlyArray<readonly [string, string]>) => query(pairs);

    const cases: CaseSpec[] = [];

    // stop / reboot: a non-negative integer timeout, nothing else.
    const badTimeouts = ['1e3', '-1', '1.5', 'abc', ' 3', '3 ', '+3', '0x10', '', '١'];
    for (const [ref, action] of [
      [t.victim, 'stop'],
      [t.stopped, 'reboot'],
    ] as const) {
      for (const timeout of badTimeouts.filter((x) => x !== '')) {
        cases.push(
          at(
            ref,
            'POST',
            action,
            raw([['timeout', timeout]]),
            `${action} timeout=${JSON.stringify(timeout)}`,
            destructive,
          ),
        );
      }
      cases.push(
        at(
          ref,
          'POST',
          action,
          'timeout=1&timeout=2',
          `${action} timeout given twice`,
          destructive,
        ),
        at(
          ref,
          'POST',
          action,
          'timeout=10&evil=1',
          `${action} with an unknown parameter`,
          destructive,
        ),
      );
      for (const timeout of gen.sample(`${action}:timeout`, notANonNegativeIntegerText, 10)) {
        cases.push(
          at(
            ref,
            'POST',
            action,
            raw([['timeout', timeout]]),
            `generated ${action} timeout=${JSON.stringify(timeout)}`,
            destructive,
          ),
        );
      }
    }

    // kill: Zun's signal enum.
    for (const signal of [
      'SIGBOGUS',
      '99',
      '-9',
      'KILL;',
      'sigkill9',
      ' SIGKILL',
      '0',
      'SIGKILL SIGTERM',
    ]) {
      cases.push(
        at(
          t.victim,
          'POST',
          'kill',
          raw([['signal', signal]]),
          `kill signal=${JSON.stringify(signal)}`,
          destructive,
        ),
      );
    }
    cases.push(
      at(
        t.victim,
        'POST',
        'kill',
        'signal=KILL&signal=TERM',
        'kill signal given twice',
        destructive,
      ),
      at(
        t.victim,
        'POST',
        'kill',
        'signal=None&evil=1',
        'kill with an unknown parameter',
        destructive,
      ),
    );
    for (const signal of gen.sample('kill:signal', badSignal, 12)) {
      cases.push(
        at(
          t.victim,
          'POST',
          'kill',
          raw([['signal', signal]]),
          `generated kill signal=${JSON.stringify(signal)}`,
          destructive,
        ),
      );
    }

    // rebuild: the image reference and driver.
    for (const [key, value] of [
      ['image', '!!!'],
      ['image', 'a'],
      ['image', 'UPPER/case'],
      ['image', ' '],
      ['image', 'x'.repeat(256)],
      ['image', 'busybox:'],
      ['image_driver', 'glance'],
      ['image_driver', 'evil'],
      ['evil', '1'],
    ] as const) {
      cases.push(
        at(
          t.stopped,
          'POST',
          'rebuild',
          raw([[key, value]]),
          `rebuild ${key}=${JSON.stringify(value)}`,
          destructive,
        ),
      );
    }
    cases.push(
      at(
        t.stopped,
        'POST',
        'rebuild',
        'image=busybox&image=alpine',
        'rebuild image given twice',
        destructive,
      ),
    );

    // State rules (409s): nothing to change if refused.
    cases.push(
      at(t.stopped, 'POST', 'pause', '', 'pause a Stopped container'),
      at(t.running, 'POST', 'unpause', '', 'unpause a Running container'),
      at(t.running, 'POST', 'start', '', 'start a Running container'),
      at(t.victim, 'POST', 'pause', 'evil=1', 'pause with an unknown parameter', {
        destructive: true,
      }),
      at(t.stopped, 'POST', 'stop', '', 'stop a Stopped container'),
      at(t.stopped, 'POST', 'kill', '', 'kill a Stopped container'),
      at(t.stopped, 'POST', 'execute', 'command=%22true%22', 'execute in a Stopped container'),
      at(t.stopped, 'GET', 'top', '', 'top of a Stopped container'),
      at(t.stopped, 'GET', 'stats', '', 'stats of a Stopped container'),
      at(t.stopped, 'GET', 'attach', '', 'attach to a Stopped container'),
      at(t.stopped, 'POST', 'resize', 'w=80&h=24', 'resize a Stopped container'),
      at(
        t.stopped,
        'POST',
        'commit',
        'repository=corpus-commit&evil=1',
        'commit a Stopped container with an unknown parameter',
      ),
    );

    // commit: repository required; Docker's names.
    for (const [q, name] of [
      ['tag=v1', 'commit without a repository'],
      ['repository=', 'commit with an empty repository'],
      ['repository=%21%21%21', 'commit repository=!!!'],
      ['repository=UPPER', 'commit repository=UPPER'],
      [`repository=${'r'.repeat(300)}`, 'commit repository of 300 characters'],
      ['repository=corpus-commit&tag=bad%3Atag', 'commit tag=bad:tag'],
      [`repository=corpus-commit&tag=${'t'.repeat(129)}`, 'commit tag of 129 characters'],
      ['repository=corpus-commit&tag=-x', 'commit tag=-x'],
      ['repository=a%3Ab%3Ac', 'commit repository=a:b:c'],
      ['repository=corpus-commit&evil=1', 'commit with an unknown parameter'],
      ['repository=a&repository=b', 'commit repository given twice'],
    ] as const) {
      // A commit wrongly accepted keeps the container busy: one at a time, after the rest.
      cases.push(at(t.running, 'POST', 'commit', q, name, destructive));
    }

    // rename (1.1-1.13 only).
    for (const [q, name] of [
      ['', 'rename without a name'],
      ['name=', 'rename name='],
      ['name=a', 'rename name=a'],
      ['name=bad%20name', 'rename name="bad name"'],
      [`name=${'n'.repeat(256)}`, 'rename name of 256 characters'],
      ['name=x1&name=x2', 'rename name given twice'],
      ['name=corpus-x&evil=1', 'rename with an unknown parameter'],
    ] as const) {
      cases.push(at(t.running, 'POST', 'rename', q, name, { version: 'container 1.13' }));
    }

    // logs
    for (const [q, name] of [
      ['stdout=maybe', 'logs stdout=maybe'],
      ['stderr=2', 'logs stderr=2'],
      ['timestamps=perhaps', 'logs timestamps=perhaps'],
      ['tail=-1', 'logs tail=-1'],
      ['tail=abc', 'logs tail=abc'],
      ['tail=1.5', 'logs tail=1.5'],
      ['tail=1e3', 'logs tail=1e3'],
      ['since=yesterday', 'logs since=yesterday'],
      ['since=-5', 'logs since=-5'],
      ['since=2025-13-45%2000%3A00%3A00', 'logs since=2025-13-45 00:00:00'],
      ['stdout=False&stderr=False', 'logs with neither stream'],
      ['tail=1&tail=2', 'logs tail given twice'],
      ['evil=1', 'logs with an unknown parameter'],
    ] as const) {
      cases.push(at(t.running, 'GET', 'logs', q, name));
    }
    for (const tail of gen.sample(
      'logs:tail',
      notANonNegativeIntegerText.filter((s) => s.toLowerCase() !== 'all' && s !== ''),
      8,
    )) {
      cases.push(
        at(
          t.running,
          'GET',
          'logs',
          raw([['tail', tail]]),
          `generated logs tail=${JSON.stringify(tail)}`,
        ),
      );
    }
    for (const value of gen.sample('logs:bool', notABooleanText, 8)) {
      cases.push(
        at(
          t.running,
          'GET',
          'logs',
          raw([['timestamps', value]]),
          `generated logs timestamps=${JSON.stringify(value)}`,
        ),
      );
    }

    // execute
    for (const [q, name] of [
      ['', 'execute without a command'],
      ['command=', 'execute command='],
      ['command=%20%20', 'execute a blank command'],
      ['command=%22unclosed', 'execute command with an unclosed quote'],
      ['command=true&run=maybe', 'execute run=maybe'],
      ['command=true&interactive=maybe', 'execute interactive=maybe'],
      ['command=true&evil=1', 'execute with an unknown parameter'],
      ['command=true&command=false', 'execute command given twice'],
      ['command=true&run=yes', "execute run=yes (Zun's boolean takes True/False only)"],
    ] as const) {
      cases.push(at(t.running, 'POST', 'execute', q, name));
    }
    for (const value of gen.sample('execute:run', notABooleanText, 6)) {
      cases.push(
        at(
          t.running,
          'POST',
          'execute',
          raw([
            ['command', 'true'],
            ['run', value],
          ]),
          `generated execute run=${JSON.stringify(value)}`,
        ),
      );
    }

    // execute_resize and resize
    const hex = 'a'.repeat(64);
    for (const [q, name] of [
      ['w=80&h=24', 'execute_resize without exec_id'],
      ['exec_id=..%2F..%2Fx&w=80&h=24', 'execute_resize exec_id=../../x'],
      [`exec_id=${'a'.repeat(63)}&w=80&h=24`, 'execute_resize exec_id of 63 digits'],
      [`exec_id=${'a'.repeat(65)}&w=80&h=24`, 'execute_resize exec_id of 65 digits'],
      [`exec_id=${'A'.repeat(64)}&w=80&h=24`, 'execute_resize exec_id in upper case'],
      [`exec_id=${hex}&w=0&h=24`, 'execute_resize w=0'],
      [`exec_id=${hex}&w=80&h=-1`, 'execute_resize h=-1'],
      [`exec_id=${hex}&w=abc&h=24`, 'execute_resize w=abc'],
      [`exec_id=${hex}&w=1.5&h=24`, 'execute_resize w=1.5'],
      [`exec_id=${hex}&w=80&h=24`, 'execute_resize an exec that does not exist'],
      [`exec_id=${hex}&w=80&h=24&evil=1`, 'execute_resize with an unknown parameter'],
    ] as const) {
      cases.push(at(t.running, 'POST', 'execute_resize', q, name));
    }
    for (const [q, name] of [
      ['w=0&h=24', 'resize w=0'],
      ['w=80&h=-1', 'resize h=-1'],
      ['w=abc&h=24', 'resize w=abc'],
      ['w=1.5&h=24', 'resize w=1.5'],
      ['h=24', 'resize without w'],
      ['w=80', 'resize without h'],
      ['w=80&w=81&h=24', 'resize w given twice'],
      ['w=80&h=24&evil=1', 'resize with an unknown parameter'],
      ['w=1e2&h=24', 'resize w=1e2'],
    ] as const) {
      cases.push(at(t.running, 'POST', 'resize', q, name));
    }
    for (const w of gen.sample('resize:w', notAPositiveIntegerText, 8)) {
      cases.push(
        at(
          t.running,
          'POST',
          'resize',
          raw([
            ['w', w],
            ['h', '24'],
          ]),
          `generated resize w=${JSON.stringify(w)}`,
        ),
      );
    }

    // top, attach, show, container_actions
    cases.push(
      at(
        t.running,
        'GET',
        'top',
        'ps_args=--definitely-not-an-option',
        'top with arguments ps refuses',
      ),
      at(t.running, 'GET', 'top', 'ps_args=a&ps_args=b', 'top ps_args given twice'),
      at(t.running, 'GET', 'top', 'ps_args=None&evil=1', 'top with an unknown parameter'),
      at(t.running, 'GET', 'attach', '', 'attach to a container that is not interactive'),
      at(t.running, 'GET', 'attach', 'all_projects=maybe', 'attach all_projects=maybe'),
      at(t.running, 'GET', '', 'all_projects=maybe', 'show all_projects=maybe'),
      at(
        t.running,
        'GET',
        'container_actions/req-00000000-0000-0000-0000-000000000000',
        '',
        'an action that does not exist',
      ),
      at(t.running, 'GET', 'container_actions/req-%00', '', 'an action id with a NUL'),
      at(
        t.running,
        'GET',
        `container_actions/${'r'.repeat(300)}`,
        '',
        'an action id of 300 characters',
      ),
    );

    // Unknown containers on every action route.
    const routes: ReadonlyArray<readonly ['GET' | 'POST' | 'PATCH' | 'DELETE', string]> = [
      ['GET', ''],
      ['POST', 'start'],
      ['POST', 'stop'],
      ['POST', 'reboot'],
      ['POST', 'pause'],
      ['POST', 'unpause'],
      ['POST', 'kill'],
      ['POST', 'rebuild'],
      ['POST', 'commit?repository=x'],
      ['GET', 'logs'],
      ['POST', 'execute?command=true'],
      ['GET', 'top'],
      ['GET', 'stats'],
      ['GET', 'get_archive?path=%2Fetc'],
      ['GET', 'network_list'],
      ['GET', 'container_actions'],
      ['GET', 'events'],
      ['GET', 'events/stream'],
      ['GET', 'watch'],
      ['GET', 'attach'],
    ];
    const idents = [
      'no-such-container',
      '00000000-0000-0000-0000-000000000000',
      'x'.repeat(300),
      '%2e%2e',
      'a%2Fb',
      '%20',
      'name%00nul',
      '%E2%80%AE',
    ];
    for (const ident of idents) {
      for (const [method, sub] of routes) {
        cases.push({
          name: `${method} ${sub || 'show'} of ident ${JSON.stringify(decodeSafe(ident))}`,
          method,
          path: `/v1/containers/${ident}${sub === '' ? '' : `/${sub}`}`,
        });
      }
    }
    return cases;
  },
};

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text).slice(0, 40);
  } catch {
    return text.slice(0, 40);
  }
}
