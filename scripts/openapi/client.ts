// Uses the TypeScript types that openapi-typescript generates from
// internal/web/openapi.json (check.sh writes them to generated/onward.ts),
// the way a client would, so that tsc --strict proves the document gives a
// client usable names and shapes, not only that it parses.
import type { components, operations, paths } from "./generated/onward";

type Schemas = components["schemas"];

// Every operation has a named success body or none; an operationId that
// disappears or a body that loses its name breaks this file.
type JSONBody<Op> = Op extends { responses: infer R }
  ? { [C in keyof R]: R[C] extends { content: { "application/json": infer B } } ? B : never }[keyof R]
  : never;

export type Me = JSONBody<operations["getMe"]>;
export type Program = Schemas["Program"];
export type ApiError = Schemas["Error"];

export async function call<P extends keyof paths, M extends keyof paths[P] & "get">(
  base: string,
  token: string,
  path: P,
  _method: M,
): Promise<JSONBody<paths[P][M]> | ApiError> {
  const res = await fetch(base + String(path), { headers: { Authorization: `Bearer ${token}` } });
  return (await res.json()) as JSONBody<paths[P][M]> | ApiError;
}

export function programName(p: Program): string {
  return p.name ?? "";
}

// A program's staff: each flag on a member's timeline says what to do
// (a CaseloadFlag extended with allOf), and the report comes as CSV too.
export type Timeline = Schemas["MemberTimeline"];
export type ReportCSV = operations["getProgramReport"]["responses"][200]["content"]["text/csv"];

export function whatToDo(t: Timeline): string[] {
  return t.flags.map((f) => `${f.label}: ${f.what_to_do}${f.call_member ? ` (${t.alert_phone ?? ""})` : ""}`);
}

export function reportLines(csv: ReportCSV): string[] {
  return csv.split("\n");
}
