import { C2Error, type Violation } from '../errors.js';
import type { Interval } from '../time/interval.js';
import { amplifierToEchelon, sidcProblems } from './sidc.js';
import { ECHELONS, UNIT_ROLES, type UnitSlice } from './unit.js';

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NATION = /^[A-Z]{3}$/;
const SERVICE = /^([A-Z]{3}):[A-Z][A-Z0-9_]*$/;

/** Problems with an interval's shape: canonical instants (they must compare as strings) and from < to. */
export function intervalViolations(valid: Interval | undefined, path: string): Violation[] {
  if (!valid || typeof valid !== 'object') return [bad('C2_BAD_INTERVAL', path, `${path} is missing`)];
  const out: Violation[] = [];
  if (typeof valid.from !== 'string' || !CANONICAL_INSTANT.test(valid.from) || Number.isNaN(Date.parse(valid.from))) {
    out.push(bad('C2_BAD_TIME', `${path}.from`, `${path}.from '${String(valid.from)}' is not a canonical UTC instant`));
  }
  if (valid.to !== null && (typeof valid.to !== 'string' || !CANONICAL_INSTANT.test(valid.to))) {
    out.push(
      bad('C2_BAD_TIME', `${path}.to`, `${path}.to '${String(valid.to)}' is not a canonical UTC instant or null`),
    );
  } else if (valid.to !== null && out.length === 0 && valid.to <= valid.from) {
    out.push(bad('C2_BAD_INTERVAL', `${path}.to`, `${path}: 'to' (${valid.to}) must be after 'from' (${valid.from})`));
  }
  return out;
}

/** Every problem with a unit slice on its own (no other records consulted), each naming its field. */
export function unitSliceViolations(slice: UnitSlice): Violation[] {
  const unit = typeof slice?.id === 'string' && slice.id ? slice.id : '?';
  const out: Violation[] = [];
  const add = (code: Violation['code'], path: string, message: string) =>
    out.push({ ...bad(code, path, `unit ${unit}: ${message}`), units: [unit] });

  for (const field of ['id', 'name', 'shortName'] as const) {
    if (typeof slice[field] !== 'string' || slice[field].trim() === '')
      add('C2_BAD_INPUT', field, `${field} is required`);
  }
  const nationOk = typeof slice.nation === 'string' && NATION.test(slice.nation);
  if (!nationOk) add('C2_BAD_INPUT', 'nation', `nation '${String(slice.nation)}' is not an ISO 3166-1 alpha-3 code`);
  const service = typeof slice.service === 'string' ? SERVICE.exec(slice.service) : null;
  if (!service) add('C2_BAD_INPUT', 'service', `service '${String(slice.service)}' is not NATION:SERVICE`);
  else if (nationOk && service[1] !== slice.nation) {
    add('C2_BAD_INPUT', 'service', `service '${slice.service}' does not belong to nation '${slice.nation}'`);
  }
  const echelonOk = (ECHELONS as readonly string[]).includes(slice.echelon);
  if (!echelonOk)
    add('C2_BAD_INPUT', 'echelon', `echelon '${String(slice.echelon)}' is not one of ${ECHELONS.join(', ')}`);
  const sidc = sidcProblems(slice.sidc);
  if (sidc.length > 0) add('C2_BAD_SIDC', 'sidc', `sidc ${sidc.join('; ')}`);
  else if (echelonOk) {
    const echelon = amplifierToEchelon(slice.sidc.slice(8, 10));
    if (echelon && echelon !== slice.echelon) {
      add(
        'C2_BAD_SIDC',
        'sidc',
        `sidc echelon amplifier ${slice.sidc.slice(8, 10)} (${echelon}) contradicts echelon ${slice.echelon}`,
      );
    }
  }
  const station = slice.homeStation;
  if (station !== null) {
    if (!station || typeof station.name !== 'string' || station.name.trim() === '') {
      add('C2_BAD_INPUT', 'homeStation.name', 'homeStation needs a name (or homeStation: null)');
    }
    if (!(typeof station?.lat === 'number' && station.lat >= -90 && station.lat <= 90)) {
      add('C2_BAD_POSITION', 'homeStation.lat', `homeStation.lat '${String(station?.lat)}' is outside -90..90`);
    }
    if (!(typeof station?.lon === 'number' && station.lon >= -180 && station.lon <= 180)) {
      add('C2_BAD_POSITION', 'homeStation.lon', `homeStation.lon '${String(station?.lon)}' is outside -180..180`);
    }
  }
  for (const field of ['authorized', 'assigned'] as const) {
    const value = slice.personnel?.[field];
    if (value !== null && !(Number.isSafeInteger(value) && (value as number) >= 0)) {
      add('C2_BAD_INPUT', `personnel.${field}`, `personnel.${field} '${String(value)}' is not a non-negative integer`);
    }
  }
  if (!Array.isArray(slice.roles)) add('C2_BAD_INPUT', 'roles', 'roles must be a list');
  else {
    for (const role of slice.roles) {
      if (!(UNIT_ROLES as readonly string[]).includes(role)) add('C2_BAD_INPUT', 'roles', `role '${role}' is unknown`);
    }
    if (new Set(slice.roles).size !== slice.roles.length) add('C2_BAD_INPUT', 'roles', 'roles are listed twice');
  }
  for (const violation of intervalViolations(slice.valid, 'valid'))
    add(violation.code, violation.path!, violation.message);
  const label = slice.label;
  if (!label || typeof label.classification !== 'string' || !label.classification || !Array.isArray(label.caveats)) {
    add('C2_BAD_MARKING', 'label', 'label needs a classification and a caveats list');
  } else if (label.releasableTo !== null && !Array.isArray(label.releasableTo)) {
    add('C2_BAD_MARKING', 'label.releasableTo', 'label.releasableTo must be a list of nations or null');
  }
  return out;
}

/** Throws a C2Error carrying every violation (its code is the first one's); returns the slice when it is sound. */
export function validateUnitSlice(slice: UnitSlice): UnitSlice {
  const violations = unitSliceViolations(slice);
  throwIfAny(violations);
  return slice;
}

export function throwIfAny(violations: Violation[]): void {
  const first = violations[0];
  if (!first) return;
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
  throw new C2Error(first.code, `${first.message}${more}`, violations);
}

function bad(code: Violation['code'], path: string, message: string): Violation {
  return { code, path, message };
}
