// The embedded figure's postMessage API (issue #16), as data and pure functions: what a host page
// may send, how each message is validated (like a link: every problem named, nothing applied
// half-way), and the replies. The DOM side (who may send, where replies go) is ui/embed/host-bridge.ts.
//
// Messages in (plain objects; `id` is optional and echoed in the reply):
//   { type: "play" } | { type: "pause" } | { type: "replay" }
//   { type: "set", key: "lr", value: "0.01" }   a link key and its text, checked as a link's
//   { type: "getFinalLoss" }                    the run's last loss and whether it has finished
// Messages out (each with `source: "lr-decay-playground"`):
//   { type: "ready", version }                  once, when the figure has started
//   { type: "ok", id, request }                 a command was applied
//   { type: "finalLoss", id, loss, step, totalSteps, status, final }
//   { type: "done", loss, step }                whenever a run finishes
//   { type: "error", id, error, problems? }     what was wrong; nothing was applied

import { OPTIMIZER_FIELDS, type OptimizerFieldName } from "../engine/config.ts";
import type { Problem } from "../engine/problem-codes.ts";
import type { OptimizerKind } from "../engine/types.ts";
import { decodeState, type UrlState } from "./url.ts";
import { OPT_KEYS, PAGE_KEYS, PIN_KEYS, POLICY_KEYS } from "./url-keys.ts";

export const MESSAGE_SOURCE = "lr-decay-playground";
export const MESSAGE_VERSION = 1;

export type HostCommand =
  | { type: "play" | "pause" | "replay" | "getFinalLoss"; id?: string | number }
  | { type: "set"; key: string; value: string; id?: string | number };

const COMMANDS = ["play", "pause", "replay", "set", "getFinalLoss"] as const;

/** Keys a host may set: the run's keys, the chart view's and the language (not lessons, pins, teacher mode or the embed's own). */
export const SETTABLE_KEYS: readonly string[] = [
  ...PIN_KEYS,
  ...Object.entries(PAGE_KEYS)
    .filter(([, k]) => k.group === "view")
    .map(([key]) => key),
  "lang",
];

const MAX_ID_LENGTH = 100;
const MAX_VALUE_LENGTH = 200;

const describe = (v: unknown): string => {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? v.slice(0, 60) + "…" : v);
  if (v === null || typeof v !== "object") return String(v);
  return Array.isArray(v) ? "an array" : "an object";
};

/** A message -> the command it is, or the first thing wrong with it (in English, naming field and value). */
export function parseCommand(data: unknown): { command: HostCommand } | { error: string; id?: string | number } {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { error: `a message must be an object such as {"type":"play"}, got ${describe(data)}` };
  }
  const msg = data as Record<string, unknown>;
  const rawId = msg.id;
  let id: string | number | undefined;
  if (rawId !== undefined) {
    if ((typeof rawId === "string" && rawId.length <= MAX_ID_LENGTH) || (typeof rawId === "number" && Number.isFinite(rawId))) id = rawId;
    else return { error: `id must be a string of at most ${MAX_ID_LENGTH} characters or a finite number, got ${describe(rawId)}` };
  }
  const fail = (error: string) => (id === undefined ? { error } : { error, id });
  const type = msg.type;
  const command = COMMANDS.find((c) => c === type);
  if (command === undefined) return fail(`type must be one of ${COMMANDS.join(", ")}, got ${describe(type)}`);
  const allowed = command === "set" ? ["type", "id", "key", "value"] : ["type", "id"];
  const extra = Object.keys(msg).find((k) => !allowed.includes(k));
  if (extra !== undefined) return fail(`unknown field ${JSON.stringify(extra)} in a ${command} message (it takes ${allowed.join(", ")})`);
  if (command !== "set") return { command: id === undefined ? { type: command } : { type: command, id } };
  const key = msg.key;
  if (typeof key !== "string" || !SETTABLE_KEYS.includes(key)) {
    return fail(`key must be one of the link keys ${SETTABLE_KEYS.join(", ")}, got ${describe(key)}`);
  }
  // Values are a link's text; a finite number is taken as its shortest decimal form.
  const value = msg.value;
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" && Number.isFinite(value)) text = String(value);
  else if (typeof value === "boolean") text = value ? "1" : "0";
  else return fail(`value of ${key} must be a string (as in a link), a finite number or a boolean, got ${describe(value)}`);
  if (text.length > MAX_VALUE_LENGTH) return fail(`value of ${key} is too long (${text.length} characters, at most ${MAX_VALUE_LENGTH})`);
  return { command: id === undefined ? { type: "set", key, value: text } : { type: "set", key, value: text, id } };
}

/** Optimizer keys that do not apply to `kind` (dropped when a host switches the optimizer). */
function keysNotFor(kind: string): string[] {
  return (Object.keys(OPT_KEYS) as OptimizerFieldName[])
    .filter((f) => !OPTIMIZER_FIELDS[f].kinds.includes(kind as OptimizerKind))
    .map((f) => OPT_KEYS[f]);
}

/**
 * The state after setting link key `key` to `value` on the page's link `query`, read exactly as a
 * link: the page's state if the link has no problem, else the problems (and nothing to apply).
 * Switching a kind starts its fields over: `decay=cosine` drops the old policy's fields, `opt=sgd`
 * Adam's own.
 */
export function applySet(query: string, key: string, value: string): { state: UrlState } | { problems: Problem[] } {
  const params = new URLSearchParams(query);
  if (key === "decay") for (const k of POLICY_KEYS.keys()) params.delete(k);
  if (key === "opt") for (const k of keysNotFor(value)) params.delete(k);
  params.set(key, value);
  if (!params.has("v")) params.set("v", "1");
  const { state, problems } = decodeState(params.toString());
  return problems.length > 0 ? { problems } : { state };
}

/** What a host reads with getFinalLoss: the last loss drawn, and whether the run has ended. */
export function finalLossOf(run: { status: string; step: number; totalSteps: number; loss: number | null }): {
  loss: number | null;
  step: number;
  totalSteps: number;
  status: string;
  final: boolean;
} {
  return { loss: run.loss, step: run.step, totalSteps: run.totalSteps, status: run.status, final: run.status === "done" || run.status === "diverged" };
}
