import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Owner } from './case';
import type { CaseResult } from './run';

/** One line per case: family, owner, method, path, status, why it fails (if it does), body's start. */
export function failureLine(r: CaseResult): string {
  const c = r.case;
  const path = c.body?.kind === 'raw' ? `(raw) ${firstLine(c.body.request)}` : c.path;
  const status = r.answer.status === null ? '---' : String(r.answer.status);
  const body = r.answer.body.replace(/\s+/g, ' ').slice(0, 100);
  return [
    c.family.padEnd(14),
    c.owner.padEnd(7),
    `${c.method} ${clip(path, 110)}`,
    status,
    `${r.failure ?? 'ok'} [${c.name}]`,
    body,
  ].join(' | ');
}

/** A family's tally: sent, refused properly, failed by kind. */
export function summaryLine(family: string, results: readonly CaseResult[]): string {
  const failed = results.filter((r) => r.failure !== null);
  const kinds = new Map<string, number>();
  for (const r of failed) {
    const kind = kindOf(r);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const detail = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
  const slowest = Math.max(0, ...results.map((r) => r.answer.ms));
  // The statuses of the proper refusals: many 409s or 401s where 400s were meant would show a
  // case refused for another reason than its own (a target left busy, a token gone).
  const statuses = new Map<string, number>();
  for (const r of results.filter((x) => x.failure === null)) {
    const s = String(r.answer.status);
    statuses.set(s, (statuses.get(s) ?? 0) + 1);
  }
  const refused = [...statuses]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}x${n}`)
    .join(' ');
  return `${family}: ${results.length} sent, ${results.length - failed.length} refused properly (${refused}), ${failed.length} failed${detail === '' ? '' : ` (${detail})`}; slowest answer ${slowest} ms`;
}

/** The failures grouped by owner, then family, as the coordinator reads them. */
export function groupedReport(results: readonly CaseResult[]): string {
  const failed = results.filter((r) => r.failure !== null);
  const owners: Owner[] = ['intake', 'schemas', 'streams', 'limits', 'policy'];
  const out: string[] = [];
  for (const owner of owners) {
    const mine = failed.filter((r) => r.case.owner === owner);
    if (mine.length === 0) continue;
    out.push(`== ${owner}: ${mine.length} failing case(s)`);
    for (const r of mine) out.push(failureLine(r));
  }
  return out.join('\n');
}

export function kindOf(r: CaseResult): string {
  const why = r.failure ?? '';
  if (why.startsWith('accepted')) return 'accepted';
  if (why.startsWith('server error')) return '5xx';
  if (why.startsWith('no answer')) return 'timeout';
  if (why.startsWith('connection')) return 'no answer';
  if (why.startsWith('expected')) return 'wrong 4xx';
  return 'wrong format';
}

/** Where the run's report goes: BERTH_CORPUS_REPORT, else .berth/bad-input-report.txt. */
export function reportPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.BERTH_CORPUS_REPORT ?? '.berth/bad-input-report.txt';
}

export function startReport(path: string, header: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${header}\n`);
}

export function appendReport(path: string, text: string): void {
  appendFileSync(path, `${text}\n`);
}

function firstLine(request: string | Buffer): string {
  const text = typeof request === 'string' ? request : request.toString('latin1');
  return text.split('\r\n')[0] ?? '';
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length})` : text;
}
