import { describeRule, type VariableSpec } from './variable';
import { BERTH_VARIABLES } from './variables';

const HEADER = [
  '# Configuration reference',
  '',
  '<!-- Generated from libs/platform/src/config/variables.ts by `npm run docs:generate`; do not edit. -->',
  '',
  'Every Berth process reads its settings from environment variables, checked at start: a value',
  'that does not fit stops the process with a message naming the variable. Unset or blank means',
  'the default. The all-in-one (`npm start`) reads the variables of all three processes.',
  '',
  '| Variable | Processes | Accepts | Default | Meaning |',
  '| --- | --- | --- | --- | --- |',
];

/** docs/configuration.md, from the declared variables: the same text on every run. */
export function renderConfigTable(): string {
  const rows = Object.entries(BERTH_VARIABLES).map(([name, spec]: [string, VariableSpec]) =>
    [
      `\`${name}\``,
      spec.processes.join(', '),
      describeRule(spec),
      defaultOf(spec),
      spec.description,
    ]
      .map(cell)
      .join(' | '),
  );
  return [...HEADER, ...rows.map((row) => `| ${row} |`), ''].join('\n');
}

function defaultOf(spec: VariableSpec): string {
  if ('required' in spec && spec.required === true) return 'required';
  if (spec.defaultText !== undefined) return spec.defaultText;
  return spec.default === undefined ? 'unset' : `\`${String(spec.default)}\``;
}

/** A pipe would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
