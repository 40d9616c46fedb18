/**
 * One registry of stable error codes, as Fastify's lib/errors.js does: tests, the CLI and the web page key on the code,
 * never on the message. Each code has an HTTP status so every adapter maps it the same way.
 */
export const ERROR_CODES = {
  // input
  C2_BAD_INPUT: { status: 400, title: 'Bad input' },
  C2_BAD_TIME: { status: 400, title: 'Bad time value' },
  C2_BAD_INTERVAL: { status: 400, title: 'Bad validity interval' },
  C2_BAD_SIDC: { status: 400, title: 'Bad MIL-STD-2525D symbol code' },
  C2_BAD_MARKING: { status: 400, title: 'Bad security marking' },
  C2_BAD_POSITION: { status: 400, title: 'Bad position' },
  C2_PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  C2_NOT_FOUND: { status: 404, title: 'Not found' },
  C2_CONFLICT: { status: 409, title: 'Conflicting change' },
  C2_DUPLICATE_ID: { status: 409, title: 'Duplicate identifier' },
  // interchange: reading and writing third-party formats (ORBAT Mapper, MSDL, KML, CSV/XLSX, GeoJSON, CoT)
  C2_IMPORT_SYNTAX: { status: 400, title: 'File is not well-formed in its format' },
  C2_IMPORT_UNSAFE: { status: 400, title: 'File uses a construct refused for safety (DTD, entity)' },
  C2_IMPORT_INVALID_FIELD: { status: 422, title: 'A field in the file has an invalid value' },
  C2_IMPORT_DANGLING_REF: { status: 422, title: 'A reference in the file names a record that does not exist' },
  C2_IMPORT_LOSSY: { status: 200, title: 'Data the target model cannot hold was dropped or approximated' },
  // doctrine: each rule of the command-relationship model has its own code
  C2_DOCTRINE_VIOLATION: { status: 422, title: 'Change breaks doctrine rules' },
  C2_CHAIN_CYCLE: { status: 422, title: 'Authority chain would form a cycle' },
  C2_SELF_RELATIONSHIP: { status: 422, title: 'A unit cannot hold authority over itself' },
  C2_COCOM_NOT_COMBATANT_COMMAND: { status: 422, title: 'COCOM held by a command that is not a combatant command' },
  C2_COCOM_DELEGATED: { status: 422, title: 'COCOM cannot be delegated or transferred' },
  C2_COCOM_MISSING: { status: 422, title: 'U.S. force not assigned to a combatant command' },
  C2_COCOM_DUPLICATE: { status: 422, title: 'Force assigned to more than one combatant command' },
  C2_OPCON_DUPLICATE: { status: 422, title: 'More than one OPCON superior at one instant' },
  C2_TACON_DUPLICATE: { status: 422, title: 'More than one TACON superior at one instant' },
  C2_ADCON_DUPLICATE: { status: 422, title: 'More than one ADCON superior at one instant' },
  C2_TACON_OUTSIDE_OPCON_CHAIN: { status: 422, title: 'TACON granted outside the chain that holds OPCON' },
  C2_TACON_WITHOUT_OPCON_HOLDER: { status: 422, title: 'TACON over a force that has no OPCON or COCOM holder' },
  C2_OPCON_HOLDER_UNANCHORED: { status: 422, title: 'OPCON held by a command with no command authority above it' },
  C2_SPAN_OF_CONTROL: { status: 422, title: 'Span of control exceeds the set limit' },
  C2_AUTHORITY_WIDENS: { status: 422, title: 'Authority widens on the way down the chain' },
  C2_ADCON_CROSSES_SERVICE: { status: 422, title: 'ADCON outside the service chain' },
  C2_ADCON_NOT_COMMAND: { status: 422, title: 'ADCON used as a path of command authority' },
  C2_ADCON_MISSING: { status: 422, title: 'U.S. unit without an ADCON superior' },
  C2_ATTACHMENT_INCOMPLETE: { status: 422, title: 'Attachment without its order or without OPCON/TACON' },
  C2_SUPPORT_NOT_COMMON_SUPERIOR: { status: 422, title: 'Support not set by a common superior of both commanders' },
  C2_SUPPORT_INCOMPLETE: { status: 422, title: 'Support relationship missing directive, supported commander or category' },
  C2_COORDINATION_TASKING: { status: 422, title: 'Coordinating authority or DIRLAUTH cannot confer tasking' },
  C2_CROSS_NATION_COMMAND: { status: 422, title: 'Command relationship crosses a national boundary' },
  C2_OUTSIDE_UNIT_VALIDITY: { status: 422, title: 'Relationship outside a unit’s validity' },
  C2_FOREIGN_OPCON_NOT_APPROVED: { status: 422, title: 'U.S. forces under foreign OPCON without a case approval' },
  C2_NCA_SUBORDINATED: { status: 422, title: 'National command authority placed under another command' },
  // missions and bilateral coordination
  C2_MISSION_NO_LEAD: { status: 422, title: 'Mission without a lead command' },
  C2_MISSION_LEAD_OVERLAP: { status: 422, title: 'Two leads for overlapping mission areas and times' },
  C2_MISSION_NO_AUTHORITY: { status: 422, title: 'Lead command has no authority path over a force the mission names' },
  C2_MISSION_CROSS_NATION_COMMAND: {
    status: 422,
    title: 'Supporting command of another nation modelled as command instead of coordination',
  },
  C2_MISSION_UNIT_NOT_IN_EXISTENCE: { status: 422, title: 'Mission names a unit not in existence during its validity' },
  C2_NOT_COUNTERPART: { status: 422, title: 'Receiving command is not a counterpart of the sending command' },
  C2_NOT_RELEASABLE: { status: 422, title: 'Label does not release to the receiving nation' },
  // security
  C2_UNAUTHENTICATED: { status: 401, title: 'Not signed in' },
  C2_FORBIDDEN: { status: 403, title: 'Not allowed' },
  C2_LABEL_ABOVE_CLEARANCE: { status: 403, title: 'Label above the writer’s clearance' },
  C2_BAD_POLICY: { status: 500, title: 'Bad security policy file' },
  C2_RATE_LIMITED: { status: 429, title: 'Too many attempts' },
  // workflow
  C2_BAD_STATE: { status: 409, title: 'Not allowed in the current state' },
  C2_PLAN_INVALID: { status: 422, title: 'Plan breaks doctrine rules' },
  C2_INTERNAL: { status: 500, title: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A problem found in input or in a proposed change; `path` names the field, `units` the records involved. */
export interface Violation {
  code: ErrorCode;
  message: string;
  path?: string;
  units?: string[];
  relationshipIds?: string[];
  /** Absent means 'error'; a 'warning' is advice a staff should weigh, not a breach of doctrine. */
  severity?: 'error' | 'warning';
}

export class C2Error extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly violations: Violation[];

  constructor(code: ErrorCode, message: string, violations: Violation[] = []) {
    super(message);
    this.name = 'C2Error';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.violations = violations;
  }
}

export function fail(code: ErrorCode, message: string, path?: string): never {
  throw new C2Error(code, message, [{ code, message, ...(path ? { path } : {}) }]);
}

export function isC2Error(error: unknown): error is C2Error {
  return error instanceof C2Error;
}
