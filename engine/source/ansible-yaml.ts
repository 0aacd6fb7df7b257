import jsyaml from 'js-yaml';
import { UnsafeText, VaultedValue } from './vaulted-value.js';

// Plain scalars are resolved with PyYAML's YAML 1.1 rules, which Ansible uses: `yes`/`on` are
// booleans but `y`/`n` are not, `017` is octal, `1:30` is 90, an exponent needs a dot and a sign
// (`1e3` is a string), and timestamps become the text Python's isoformat() would print.
const NULL = /^(?:~|null|Null|NULL|)$/;
const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;
// a date alone needs two-digit month and day; with a time, one digit will do
const DATE_ONLY = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$/;
const DATE_ONLY_STRICT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function sign(text: string): [number, string] {
  return text.startsWith('-') ? [-1, text.slice(1)] : [1, text.replace(/^\+/, '')];
}

/** Base-60 numbers such as `1:30` (90) or `1:30.5` (90.5). */
function sexagesimal(digits: string): number {
  return digits.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function constructInt(data: string): number {
  if (DECIMAL.test(data)) return Number(data); // the common case: no sign, base, underscore or colon
  const [s, text] = sign(data.replace(/_/g, ''));
  if (text.startsWith('0b')) return s * parseInt(text.slice(2), 2);
  if (text.startsWith('0x')) return s * parseInt(text.slice(2), 16);
  if (text.includes(':')) return s * sexagesimal(text);
  if (text.length > 1 && text.startsWith('0')) return s * parseInt(text, 8);
  return s * Number(text);
}

function constructFloat(data: string): number {
  const [s, text] = sign(data.replace(/_/g, '').toLowerCase());
  if (text === '.inf') return s * Infinity;
  if (text === '.nan') return NaN;
  return s * (text.includes(':') ? sexagesimal(text) : Number(text));
}

const pad = (n: string | undefined, width = 2) => (n ?? '0').padStart(width, '0');

function constructTimestamp(data: string): string {
  const [, y, mo, d, h, mi, sec, fraction, tz, tzSign, tzHour, tzMinute] = TIMESTAMP.exec(data)!;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  if (h === undefined) return date;
  const micro = (fraction ?? '').slice(0, 6).padEnd(6, '0');
  const time = `${pad(h)}:${mi}:${sec}${Number(micro) ? `.${micro}` : ''}`;
  const offset = tz === undefined ? '' : tz === 'Z' ? '+00:00' : `${tzSign}${pad(tzHour)}:${pad(tzMinute)}`;
  return `${date}T${time}${offset}`;
}

/**
 * A plain scalar type; `starts` holds every character its text can begin with, so that most scalars (names, words)
 * are turned away before the pattern runs: js-yaml tries each type on each plain scalar.
 */
function scalar(tag: string, starts: string, test: Pick<RegExp, 'test'>, construct: (data: string) => unknown): jsyaml.Type {
  return new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    // charAt(0) of '' is '', which every `starts` includes: the empty text goes to the pattern
    resolve: (data: string | null) => starts.includes((data ?? '').charAt(0)) && test.test(data ?? ''),
    construct: (data: string | null) => construct(data ?? ''),
  });
}

/** `!unsafe` on a list or mapping marks every string inside it (keys stay plain, as Ansible's do). */
function unsafeDeep(value: unknown): unknown {
  if (typeof value === 'string') return new UnsafeText(value);
  if (Array.isArray(value)) return value.map(unsafeDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsafeDeep(v)]));
  return value;
}

/** Every character a null, bool, int, float or timestamp can start with (those of `scalar` below). */
const SCALAR_STARTS = '~nNyYtToOfF+-.0123456789';

const ANSIBLE_TAGS = [
  new jsyaml.Type('!vault', { kind: 'scalar', construct: (data: string | null) => new VaultedValue(data ?? '') }),
  new jsyaml.Type('!unsafe', { kind: 'scalar', construct: (data: string | null) => new UnsafeText(data ?? '') }),
  new jsyaml.Type('!unsafe', { kind: 'sequence', construct: (data: unknown[] | null) => unsafeDeep(data ?? []) }),
  new jsyaml.Type('!unsafe', { kind: 'mapping', construct: (data: object | null) => unsafeDeep(data ?? {}) }),
];

/** The plain-scalar types, in the order js-yaml tries them. */
const IMPLICIT_TYPES = [
  scalar('null', '~nN', NULL, () => null),
  scalar('bool', 'yYtToOnNfF', new RegExp(`${TRUE.source}|${FALSE.source}`), (d) => TRUE.test(d)),
  scalar('int', '+-0123456789', INT, constructInt),
  scalar('float', '+-.0123456789', FLOAT, constructFloat),
  scalar('timestamp', '0123456789', { test: (d: string) => TIMESTAMP.test(d) && (!DATE_ONLY.test(d) || DATE_ONLY_STRICT.test(d)) },
    constructTimestamp),
  new jsyaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: string | null) => data === '<<' }),
];

/** The js-yaml schema that types scalars exactly as Ansible's loader does, with its `!vault` and `!unsafe` tags. */
export const ANSIBLE_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: IMPLICIT_TYPES, explicit: ANSIBLE_TAGS });

/** The value of a plain (unquoted) scalar, typed as js-yaml types it with ANSIBLE_YAML_SCHEMA: the first type that takes it. */
export function resolvePlainScalar(text: string): unknown {
  if (text !== '' && !SCALAR_STARTS.includes(text.charAt(0))) return text; // a name, a word: no type takes it
  if (text.indexOf('.') !== text.lastIndexOf('.')) return text; // two dots (an address, a version): no number or date has them
  for (const type of IMPLICIT_TYPES) if (type.resolve(text)) return type.construct(text);
  return text;
}

/** Whether Ansible's loader reads this plain (unquoted) scalar as a string, not a number, bool, null or date. */
export function isPlainString(text: string): boolean {
  if (text !== '' && !SCALAR_STARTS.includes(text.charAt(0))) return true; // a name, a word: no pattern can match
  return ![NULL, TRUE, FALSE, INT, FLOAT, TIMESTAMP].some((re) => re.test(text));
}
