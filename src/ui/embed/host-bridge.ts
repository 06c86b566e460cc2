// The embed's side of the postMessage API (state/embed-messages.ts lists the messages).
//
// Who may command it: only the window that embeds it (`event.source === window.parent`; other
// windows and frames are ignored), and, when the link has `origin=https://host`, only a parent at
// exactly that origin (a message from another origin is answered with an error and not applied).
// Replies go back to the sender's window at the sender's origin. The figure's own news ("ready",
// "done") goes to the parent at `origin` when the link names one, else to any parent (`*`): it
// carries only the run's public numbers.

import type { Problem } from "../../engine/problem-codes.ts";
import { MESSAGE_SOURCE, MESSAGE_VERSION, applySet, finalLossOf, parseCommand, type HostCommand } from "../../state/embed-messages.ts";
import { linkQuery } from "../../state/page-link.ts";
import { usePageMode } from "../../state/page-mode.ts";
import { usePlayground } from "../../state/store.ts";

type Reply = Record<string, unknown>;

const withId = (reply: Reply, id: string | number | undefined): Reply => (id === undefined ? reply : { ...reply, id });

/** Carries out a valid command; returns the reply. */
function perform(command: HostCommand): Reply {
  const store = usePlayground.getState();
  switch (command.type) {
    case "play":
      store.play();
      return { type: "ok", request: "play" };
    case "pause":
      store.pause();
      return { type: "ok", request: "pause" };
    case "replay":
      store.reset();
      usePlayground.getState().play();
      return { type: "ok", request: "replay" };
    case "getFinalLoss":
      return { type: "finalLoss", ...finalLossOf(store.snapshot) };
    case "set": {
      const result = applySet(linkQuery(), command.key, command.value);
      if ("problems" in result) {
        return {
          type: "error",
          error: result.problems.map((p) => `${p.field}: ${p.message}`).join("; "),
          problems: result.problems.map((p: Problem) => ({ field: p.field, value: String(p.value), code: p.code, message: p.message })),
        };
      }
      // All or nothing: every part of the decoded link is valid, so apply the parts a host may set.
      const { state } = result;
      const s = usePlayground.getState();
      if (JSON.stringify(state.config) !== JSON.stringify(s.config)) s.setConfig(state.config);
      if (JSON.stringify(state.view) !== JSON.stringify(s.chartOptions)) s.setChartOptions(state.view);
      if (state.lang !== s.lang) s.setLang(state.lang);
      return { type: "ok", request: "set", key: command.key, value: command.value };
    }
  }
}

/** Starts listening to the parent page; returns the stop function. */
export function startHostBridge(): () => void {
  if (window.parent === window) return () => {};
  const allowed = (): string | null => usePageMode.getState().embed?.origin ?? null;
  // An opaque origin ("null": a sandboxed or file:// page) cannot be named as a target.
  const post = (target: Window, reply: Reply, origin: string): void =>
    target.postMessage({ source: MESSAGE_SOURCE, ...reply }, origin === "null" ? "*" : origin);
  const announce = (reply: Reply): void => window.parent.postMessage({ source: MESSAGE_SOURCE, ...reply }, allowed() ?? "*");

  const onMessage = (event: MessageEvent): void => {
    if (event.source !== window.parent) return;
    const sender = window.parent;
    const parsed = parseCommand(event.data);
    const only = allowed();
    if (only !== null && event.origin !== only) {
      const id = "command" in parsed ? parsed.command.id : parsed.id;
      post(sender, withId({ type: "error", error: `messages from ${event.origin} are not accepted: this figure takes commands only from ${only} (its origin= key)` }, id), event.origin);
      return;
    }
    if ("error" in parsed) {
      post(sender, withId({ type: "error", error: parsed.error }, parsed.id), event.origin);
      return;
    }
    post(sender, withId(perform(parsed.command), parsed.command.id), event.origin);
  };
  window.addEventListener("message", onMessage);

  // "done" each time a run finishes, with its final loss.
  const unsubscribe = usePlayground.subscribe((s, prev) => {
    if (s.snapshot.status === "done" && prev.snapshot.status !== "done") {
      announce({ type: "done", loss: s.snapshot.loss, step: s.snapshot.step });
    }
  });
  announce({ type: "ready", version: MESSAGE_VERSION });
  return () => {
    window.removeEventListener("message", onMessage);
    unsubscribe();
  };
}
