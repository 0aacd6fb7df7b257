import type { PinField, VersionSpec } from '../versions.js';
import { makePin, type Pin } from './state.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

function fieldValue(pin: Pin, field: PinField, spec: VersionSpec): unknown {
  switch (field) {
    case 'cid': return spec.pinCid === 'object' ? { '/': pin.cid } : pin.cid;
    case 'name': return pin.name;
    case 'allocations': return pin.allocations;
    case 'replication_factor_min': return pin.replication_factor_min;
    case 'replication_factor_max': return pin.replication_factor_max;
    case 'recursive': return true;
    case 'shard_size': return 0;
    case 'type': return spec.pinType === 'name' ? 'pin' : 2;
    case 'max_depth': return -1;
    // PinSerial (≤0.9) carries the reference as a string; later a nil *Cid.
    case 'reference': return spec.pinCid === 'string' && spec.pinType === 'number' ? '' : null;
    case 'expire_at': return ZERO_TIME;
    case 'mode': return 'recursive';
    case 'timestamp': return pin.timestamp ?? ZERO_TIME;
    default: return null; // user_allocations, metadata, pin_update, origins: nil values
  }
}

/** A pin as a release serialises it in exports and API answers: its field set, order, CID and type encodings. */
export function pinToJson(pin: Pin, spec: VersionSpec): Record<string, unknown> {
  return Object.fromEntries(spec.pinFields.map((f) => [f, fieldValue(pin, f, spec)]));
}

function jsonKind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
}

// The first decoding error Go's encoding/json reports for one pin object of a release, in document order.
function typeError(key: string, value: unknown, spec: VersionSpec): string | undefined {
  const kind = jsonKind(value);
  const isSerial = spec.pinCid === 'string' && spec.pinType !== 'name';
  if (key === 'cid' && spec.pinCid === 'object' && kind === 'string') {
    return 'json: cannot unmarshal string into Go value of type struct { CidTarget string "json:\\"/\\"" }';
  }
  if (key === 'cid' && spec.pinCid === 'string' && kind === 'object') {
    return isSerial ? `json: cannot unmarshal object into Go struct field ${spec.pinSerialStruct}.cid of type string`
      : 'json: cannot unmarshal object into Go value of type string';
  }
  if (key === 'type' && spec.pinType === 'name' && kind === 'number') return 'json: cannot unmarshal number into Go value of type string';
  if (key === 'type' && spec.pinType === 'number' && kind === 'string') {
    return isSerial ? `json: cannot unmarshal string into Go struct field ${spec.pinSerialStruct}.type of type uint64`
      : 'json: cannot unmarshal string into Go struct field Pin.type of type api.PinType';
  }
  return undefined;
}

/** Reads one pin object the way the release's decoder does; throws Go's message for the other eras' encodings. */
export function pinFromJson(value: unknown, spec: VersionSpec): Pin {
  const obj = (value ?? {}) as Record<string, unknown>;
  for (const [key, field] of Object.entries(obj)) {
    const error = typeError(key, field, spec);
    if (error) throw new Error(error);
  }
  const raw = obj['cid'];
  const cid = typeof raw === 'string' ? raw : String((raw as Record<string, unknown> | null | undefined)?.['/'] ?? '');
  if (!cid) throw new Error(spec.pinCid === 'object' ? 'cid was incorrectly formatted' : 'invalid cid: cid too short');
  const timestamp = typeof obj['timestamp'] === 'string' ? obj['timestamp'] : undefined;
  return { ...makePin(cid, typeof obj['name'] === 'string' ? obj['name'] : '', timestamp),
    replication_factor_min: Number(obj['replication_factor_min'] ?? -1), replication_factor_max: Number(obj['replication_factor_max'] ?? -1) };
}

function goJsonError(text: string): string {
  const first = text.trim()[0];
  return first === undefined ? 'unexpected EOF' : `invalid character '${first}' looking for beginning of value`;
}

/** Splits a stream of JSON values the way json.Decoder reads them (values may span lines or share one). */
export function splitJsonValues(text: string): string[] {
  const values: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) { i++; continue; }
    const start = i;
    if (text[i] !== '{' && text[i] !== '[') {
      while (i < text.length && !/\s/.test(text[i]!)) i++;
      values.push(text.slice(start, i));
      continue;
    }
    let [depth, inString, escaped] = [0, false, false];
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if ((ch === '}' || ch === ']') && --depth === 0) { i++; break; }
    }
    values.push(text.slice(start, i));
  }
  return values;
}

/** Parses an export file the way a release's importer does (array ≤0.10, one object after another ≥0.11). */
export function parseExport(text: string, spec: VersionSpec): Pin[] {
  const trimmed = text.trim();
  if (spec.exportFormat === 'array') {
    if (trimmed.startsWith('{')) throw new Error(`json: cannot unmarshal object into Go value of type []api.${spec.pinCid === 'string' && spec.pinType !== 'name' ? spec.pinSerialStruct : 'Pin'}`);
    let values: unknown[];
    try { values = JSON.parse(trimmed) as unknown[]; } catch { throw new Error(goJsonError(trimmed)); }
    return values.map((v) => pinFromJson(v, spec));
  }
  return splitJsonValues(trimmed).map((chunk) => {
    if (chunk.startsWith('[')) throw new Error('json: cannot unmarshal array into Go value of type api.Pin');
    let value: unknown;
    try { value = JSON.parse(chunk); } catch { throw new Error(goJsonError(chunk)); }
    return pinFromJson(value, spec);
  });
}

/** Serialises a pinset as a release's `state export` does. */
export function formatExport(pins: readonly Pin[], spec: VersionSpec): string {
  const objects = pins.map((p) => pinToJson(p, spec));
  return spec.exportFormat === 'array' ? `${JSON.stringify(objects, null, '    ')}\n` : objects.map((o) => `${JSON.stringify(o)}\n`).join('');
}
