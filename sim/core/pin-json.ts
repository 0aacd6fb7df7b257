import semver from 'semver';
import { makePin, type Pin } from './state.js';

/** A pin as a release serialises it in exports and API answers (string CIDs ≤0.9, `{"/": cid}` from v0.10). */
export function pinToJson(pin: Pin, version: string): Record<string, unknown> {
  if (semver.lt(version, '0.10.0')) {
    return { cid: pin.cid, name: pin.name, allocations: pin.allocations, replication_factor_min: pin.replication_factor_min,
      replication_factor_max: pin.replication_factor_max, recursive: true };
  }
  return { cid: { '/': pin.cid }, type: 2, allocations: pin.allocations, max_depth: -1, reference: null,
    replication_factor_min: pin.replication_factor_min, replication_factor_max: pin.replication_factor_max,
    name: pin.name, shard_size: 0, user_allocations: null, metadata: null, pin_update: null };
}

/** Reads a pin object, accepting either CID encoding. */
export function pinFromJson(value: unknown): Pin {
  const obj = (value ?? {}) as Record<string, unknown>;
  const raw = obj['cid'] ?? obj['Cid'];
  const cid = typeof raw === 'string' ? raw : String((raw as Record<string, unknown> | undefined)?.['/'] ?? '');
  if (!cid) throw new Error('json: cannot unmarshal: pin without cid');
  const pin = makePin(cid, typeof obj['name'] === 'string' ? obj['name'] : '');
  return { ...pin, replication_factor_min: Number(obj['replication_factor_min'] ?? -1),
    replication_factor_max: Number(obj['replication_factor_max'] ?? -1) };
}

function goJsonError(text: string): string {
  const first = text.trim()[0];
  return first === undefined ? 'unexpected end of JSON input' : `invalid character '${first}' looking for beginning of value`;
}

/** Parses an export file the way a release's importer does (array ≤0.10, one object after another ≥0.11). */
export function parseExport(text: string, format: 'array' | 'ndjson'): Pin[] {
  const trimmed = text.trim();
  if (format === 'array') {
    if (trimmed.startsWith('{')) throw new Error('json: cannot unmarshal object into Go value of type []api.PinSerial');
    try { return (JSON.parse(trimmed) as unknown[]).map(pinFromJson); } catch { throw new Error(goJsonError(trimmed)); }
  }
  if (trimmed.startsWith('[')) throw new Error('json: cannot unmarshal array into Go value of type api.Pin');
  const pins: Pin[] = [];
  for (const line of trimmed.split('\n').filter((l) => l.trim())) {
    try { pins.push(pinFromJson(JSON.parse(line))); } catch { throw new Error(goJsonError(line)); }
  }
  return pins;
}

/** Serialises a pinset as a release's `state export` does. */
export function formatExport(pins: readonly Pin[], format: 'array' | 'ndjson', version: string): string {
  const objects = pins.map((p) => pinToJson(p, version));
  return format === 'array' ? `${JSON.stringify(objects, null, '    ')}\n` : objects.map((o) => `${JSON.stringify(o)}\n`).join('');
}
