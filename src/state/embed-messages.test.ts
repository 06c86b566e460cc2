import { describe, expect, it } from "vitest";
import { DEFAULT_RUN } from "../engine/run-config.ts";
import { SETTABLE_KEYS, applySet, finalLossOf, parseCommand } from "./embed-messages.ts";

describe("host messages: validation", () => {
  it("accepts the five commands, with an optional id", () => {
    expect(parseCommand({ type: "play" })).toEqual({ command: { type: "play" } });
    expect(parseCommand({ type: "pause", id: 7 })).toEqual({ command: { type: "pause", id: 7 } });
    expect(parseCommand({ type: "replay", id: "r1" })).toEqual({ command: { type: "replay", id: "r1" } });
    expect(parseCommand({ type: "getFinalLoss" })).toEqual({ command: { type: "getFinalLoss" } });
    expect(parseCommand({ type: "set", key: "lr", value: "0.01" })).toEqual({ command: { type: "set", key: "lr", value: "0.01" } });
  });

  it("takes numbers and booleans as a link would write them", () => {
    expect(parseCommand({ type: "set", key: "lr", value: 0.01 })).toEqual({ command: { type: "set", key: "lr", value: "0.01" } });
    expect(parseCommand({ type: "set", key: "logy", value: true })).toEqual({ command: { type: "set", key: "logy", value: "1" } });
  });

  it("names what is wrong with a bad message, echoing its id", () => {
    expect(parseCommand("play")).toEqual({ error: 'a message must be an object such as {"type":"play"}, got "play"' });
    expect(parseCommand(null)).toEqual({ error: 'a message must be an object such as {"type":"play"}, got null' });
    expect(parseCommand([1])).toEqual({ error: 'a message must be an object such as {"type":"play"}, got an array' });
    expect(parseCommand({ type: "stop", id: 3 })).toEqual({ error: 'type must be one of play, pause, replay, set, getFinalLoss, got "stop"', id: 3 });
    expect(parseCommand({ type: "play", speed: 2 })).toEqual({ error: 'unknown field "speed" in a play message (it takes type, id)' });
    expect(parseCommand({ type: "play", id: { x: 1 } })).toEqual({ error: "id must be a string of at most 100 characters or a finite number, got an object" });
    const badKey = parseCommand({ type: "set", key: "lesson", value: "plateau" });
    expect("error" in badKey && badKey.error).toMatch(/^key must be one of the link keys opt, lr, .* got "lesson"$/);
    expect(parseCommand({ type: "set", key: "lr", value: Number.NaN })).toEqual({ error: "value of lr must be a string (as in a link), a finite number or a boolean, got NaN" });
    expect(parseCommand({ type: "set", key: "lr", value: "1".repeat(201) })).toEqual({ error: "value of lr is too long (201 characters, at most 200)" });
  });

  it("lets a host set the run's keys, the view's and the language, not the page's own", () => {
    for (const k of ["lr", "decay", "gamma", "stepSize", "seed", "epochs", "batch", "logy", "smooth", "theory", "lang"]) expect(SETTABLE_KEYS).toContain(k);
    for (const k of ["lesson", "pin", "hide", "lock", "embed", "controls", "charts", "origin", "present", "v"]) expect(SETTABLE_KEYS).not.toContain(k);
  });
});

describe("host messages: set, applied as a link or not at all", () => {
  it("applies a valid value over the current link", () => {
    const r = applySet("v=1&seed=3", "lr", "0.01");
    expect("state" in r && r.state.config.optimizer.lr).toBe(0.01);
    expect("state" in r && r.state.config.seed).toBe(3);
  });

  it("answers a bad value with the link's own problem (key, value, range) and nothing to apply", () => {
    const r = applySet("v=1&seed=3", "lr", "-1");
    expect("problems" in r).toBe(true);
    if ("problems" in r) {
      expect(r.problems.map((p) => p.field)).toEqual(["lr"]);
      expect(r.problems[0].message).toMatch(/^lr must be .*got -1$/);
    }
    const hex = applySet("", "lr", "0x10");
    expect("problems" in hex && hex.problems[0].message).toMatch(/lr must be a number, got "0x10"/);
    const field = applySet("v=1&decay=cosine", "gamma", "0.5");
    expect("problems" in field && field.problems[0].message).toMatch(/^gamma does not apply to decay kind cosine/);
  });

  it("switching the decay kind starts the new kind's fields over instead of failing on the old ones", () => {
    const r = applySet("v=1&stepSize=3&gamma=0.25", "decay", "cosine");
    expect("state" in r && r.state.config.policy.kind).toBe("cosine");
    const back = applySet("v=1&decay=cosine&tMax=10", "decay", "step");
    expect("state" in back && back.state.config.policy).toEqual(DEFAULT_RUN.policy);
  });

  it("switching the optimizer drops the other kind's fields", () => {
    const r = applySet("v=1&opt=sgd&momentum=0.5", "opt", "adam");
    expect("state" in r && r.state.config.optimizer.kind).toBe("adam");
  });

  it("reads the final loss only once the run has ended", () => {
    expect(finalLossOf({ status: "running", step: 10, totalSteps: 100, loss: 0.8 })).toEqual({ loss: 0.8, step: 10, totalSteps: 100, status: "running", final: false });
    expect(finalLossOf({ status: "done", step: 100, totalSteps: 100, loss: 0.53 }).final).toBe(true);
  });
});
