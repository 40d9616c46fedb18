/**
 * The slice of @tak-ps/node-cot's API our interop tests and benchmark use. The package publishes its TypeScript
 * sources as its types, which do not type-check under our stricter settings, so tsconfig maps the name here.
 */
export default class CoT {
  constructor(input: string | Buffer | object);
  static from_proto(bytes: Uint8Array): CoT;
  to_proto(): Uint8Array;
  to_xml(): string;
  raw: {
    event: {
      _attributes: Record<string, string>;
      point: { _attributes: Record<string, string | number> };
      detail?: { contact?: { _attributes?: { callsign?: string } } } & Record<string, unknown>;
    };
  };
}
