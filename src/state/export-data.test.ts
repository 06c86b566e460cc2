import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../engine/run-config.ts";
import { STEP_FIELDS, type StepColumns, type StepSample } from "../engine/series.ts";
import { computeBand } from "../engine/ensemble.ts";
import {
  BAND_CSV_COLUMNS,
  bandsToCsv,
  hasBands,
  CSV_COLUMNS,
  EXPORT_FORMAT,
  csvNumber,
  csvText,
  exportFileName,
  exportInputFromStore,
  hasData,
  toCsv,
  toJson,
  type ExportRun,
} from "./export-data.ts";
import { newLiveRun, type PinnedRun } from "./store.ts";

/** An RFC 4180 reader (quoted fields may hold commas, quotes and line breaks), written apart from the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
      i++;
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += ch;
      i++;
    }
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function columnsOf(samples: readonly StepSample[]): StepColumns {
  const cols = {} as StepColumns;
  for (const f of STEP_FIELDS) cols[f] = Float64Array.from(samples, (s) => s[f]);
  return cols;
}

function sample(step: number, loss: number): StepSample {
  return { step, epoch: step / 200, lr: 0.025, lrT: 0.025 * Math.sqrt(1 - 0.999 ** step) / (1 - 0.9 ** step), batchLoss: loss * 1.1, loss, gradNorm: 3, updateNorm: 0.01, lossAtY: Number.NaN };
}

function run(id: string, label: string, samples: readonly StepSample[], config: RunConfig = cloneRun(DEFAULT_RUN)): ExportRun {
  return { id, label, config, stepsPerEpoch: 200, steps: samples.length, truncated: false, events: [], diverged: null, columns: columnsOf(samples), band: null };
}

function pin(id: string, config: RunConfig, samples: readonly StepSample[], extra: Partial<PinnedRun> = {}): PinnedRun {
  return {
    id,
    color: "#000",
    config,
    columns: columnsOf(samples),
    events: [],
    diverged: null,
    stepsPerEpoch: 200,
    step: samples.length,
    changedLive: false,
    source: "user",
    title: null,
    lessonRun: null,
    parts: [],
    partsBase: "link",
    name: null,
    pending: false,
    error: null,
    truncated: false,
    ...extra,
  };
}

/** Stands in for the UI's legend label. */
const LABELS = { current: "This run", pinned: (p: PinnedRun) => `${p.id} lr ${p.config.optimizer.lr}${p.changedLive ? " (live)" : ""}` };

const CSV_HEADER = "run,label,step,epoch,lr,lrT,batchLoss,loss,gradNorm,updateNorm,lossAtY";

describe("CSV", () => {
  it("has exactly the engine's columns after run and label, header first", () => {
    expect(CSV_COLUMNS.join(",")).toBe(CSV_HEADER);
    const csv = toCsv([run("current", "This run", [sample(1, 0.9), sample(2, 0.8)])]);
    const lines = csv.split("\n");
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines[1]).toBe(`current,This run,1,0.005,0.025,${String(sample(1, 0.9).lrT)},${String(0.9 * 1.1)},0.9,3,0.01,`);
    expect(lines).toHaveLength(4); // header, two rows, and the final newline
    expect(lines[3]).toBe("");
  });

  it("puts the current and the pinned runs in one file, one after another", () => {
    const csv = toCsv([run("current", "This run", [sample(1, 1), sample(2, 0.9), sample(3, 0.8)]), run("pin-1", "lr 0.05→0.025", [sample(1, 2), sample(2, 1.5)])]);
    const rows = parseCsv(csv).slice(1);
    expect(rows.map((r) => r[0])).toEqual(["current", "current", "current", "pin-1", "pin-1"]);
    expect(rows.map((r) => r[1])).toEqual(["This run", "This run", "This run", "lr 0.05→0.025", "lr 0.05→0.025"]);
    expect(rows.map((r) => Number(r[2]))).toEqual([1, 2, 3, 1, 2]);
  });

  it("quotes labels with commas, quotes and line breaks", () => {
    expect(csvText("plain")).toBe("plain");
    expect(csvText("a,b")).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText("two\nlines")).toBe('"two\nlines"');
    expect(csvText("cr\r")).toBe('"cr\r"');
    const label = 'lr 0.05→0.025, gamma 0.5→0.1 "x"\nnext';
    const rows = parseCsv(toCsv([run("pin-1", label, [sample(1, 1)])]));
    expect(rows).toHaveLength(2);
    expect(rows[1][1]).toBe(label);
    expect(rows[1]).toHaveLength(CSV_COLUMNS.length);
  });

  it("makes text cells inert for spreadsheets (OWASP CSV injection): a quote before = + - @ tab CR", () => {
    expect(csvText("=1+2")).toBe("'=1+2");
    expect(csvText('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvText("+cmd")).toBe("'+cmd");
    expect(csvText("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvText("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvText("\t=1")).toBe("'\t=1");
    expect(csvText("\r=1")).toBe(`"'\r=1"`);
    expect(csvText("-")).toBe("'-");
    // Numbers stay numbers, negative ones and exponents included; text that merely contains a sign is left alone.
    for (const n of ["-0.5", "1e-8", "-1e-8", "+3", "-0", "12"]) expect(csvText(n), n).toBe(n);
    for (const t of ["lr 0.05→0.025", "a=b", "x-1", "user@example"]) expect(csvText(t), t).toBe(t);
    // Through the whole export: a label that is a formula is read back as text with its quote.
    const rows = parseCsv(toCsv([run("pin-1", "=1+1", [sample(1, 1)])]));
    expect(rows[1][1]).toBe("'=1+1");
    expect(rows[1][2]).toBe("1");
  });

  it("writes numbers in their shortest round-trip form and non-finite values as empty cells", () => {
    expect(csvNumber(0.1)).toBe("0.1");
    expect(csvNumber(1e-8)).toBe("1e-8");
    expect(csvNumber(-0)).toBe("-0");
    expect(Object.is(Number(csvNumber(-0)), -0)).toBe(true);
    expect(csvNumber(Number.NaN)).toBe("");
    expect(csvNumber(Infinity)).toBe("");
    expect(csvNumber(-Infinity)).toBe("");
    const s = sample(5, Number.NaN);
    s.batchLoss = Infinity;
    const csv = toCsv([run("current", "This run", [s])]);
    expect(csv).not.toMatch(/NaN|Infinity/);
    const row = parseCsv(csv)[1];
    expect(row[2]).toBe("5"); // the row is kept, with its real step
    expect(row[CSV_COLUMNS.indexOf("loss")]).toBe("");
    expect(row[CSV_COLUMNS.indexOf("batchLoss")]).toBe("");
  });

  it("is just the header when there are no rows", () => {
    expect(toCsv([])).toBe(`${CSV_HEADER}\n`);
    expect(hasData([])).toBe(false);
    expect(hasData([run("current", "x", [])])).toBe(false);
    expect(hasData([run("current", "x", []), run("pin-1", "y", [sample(1, 1)])])).toBe(true);
  });

  // Property: any runs (any doubles, any labels) parse back to the same labels and the same bits.
  const arbLabel = fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", '"', "\n", "\r", "→", "学", "0", "-", "=") , maxLength: 20 });
  const arbRow = fc.record(Object.fromEntries(STEP_FIELDS.map((f) => [f, fc.double()])) as { [K in keyof StepSample]: fc.Arbitrary<number> });
  const arbRun = fc.record({ id: fc.constantFrom("current", "pin-1", "pin-22"), label: arbLabel, rows: fc.array(arbRow, { maxLength: 12 }) });

  it("round-trips every run, label and number bit for bit (property)", () => {
    fc.assert(
      fc.property(fc.array(arbRun, { maxLength: 5 }), (specs) => {
        const runs = specs.map((s) => run(s.id, s.label, s.rows));
        const csv = toCsv(runs);
        expect(csv).not.toMatch(/NaN|Infinity/);
        const rows = parseCsv(csv);
        expect(rows[0]).toEqual([...CSV_COLUMNS]);
        const body = rows.slice(1);
        expect(body).toHaveLength(specs.reduce((n, s) => n + s.rows.length, 0));
        let k = 0;
        for (const s of specs) {
          for (const r of s.rows) {
            const cells = body[k++];
            expect(cells).toHaveLength(CSV_COLUMNS.length);
            // A text cell comes back as written, or behind the one quote that makes a formula inert.
            for (const [cell, text] of [[cells[0], s.id], [cells[1], s.label]]) {
              expect(cell === text || (/^[=+\-@\t\r]/.test(text) && cell === `'${text}`), JSON.stringify([cell, text])).toBe(true);
            }
            STEP_FIELDS.forEach((f, j) => {
              const x = r[f];
              const cell = cells[2 + j];
              if (Number.isFinite(x)) expect(Object.is(Number(cell), x)).toBe(true);
              else expect(cell).toBe("");
            });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("JSON", () => {
  it("holds format, version, link, config and every run with its columns and events", () => {
    const cfg = cloneRun(DEFAULT_RUN);
    const current = run("current", "This run", [sample(1, 1), sample(2, Number.NaN)], cfg);
    current.events = [{ type: "decay", step: 1001, epoch: 5, from: 0.025, to: 0.0125, manual: false }];
    current.diverged = { step: 2, epoch: 0.01, reason: "loss blew up" };
    const pinCfg = cloneRun(DEFAULT_RUN);
    pinCfg.optimizer.lr = 0.05;
    const pin = run("pin-1", "lr 0.05→0.025", [sample(1, 3)], pinCfg);
    const text = toJson({ link: "lr=0.025", config: cfg, runs: [current, pin] });
    expect(text).not.toMatch(/NaN|Infinity/);
    const doc = JSON.parse(text) as ReturnType<typeof JSON.parse>;
    expect(doc.format).toBe(EXPORT_FORMAT);
    expect(doc.version).toBe(1);
    expect(doc.link).toBe("lr=0.025");
    expect(doc.config).toEqual(cfg);
    expect(doc.runs).toHaveLength(2);
    expect(doc.runs[0]).toMatchObject({ id: "current", label: "This run", stepsPerEpoch: 200, steps: 2, diverged: current.diverged, events: current.events });
    expect(Object.keys(doc.runs[0].columns)).toEqual([...STEP_FIELDS]);
    expect(doc.runs[0].columns.step).toEqual([1, 2]);
    expect(doc.runs[0].columns.loss).toEqual([1, null]);
    expect(doc.runs[1].config.optimizer.lr).toBe(0.05);
    expect(doc.runs[1].columns.loss).toEqual([3]);
  });

  it("keeps every finite number exactly (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 30 }), (xs) => {
        const samples = xs.map((x, i) => ({ ...sample(i + 1, x), lr: x }));
        const doc = JSON.parse(toJson({ link: "", config: cloneRun(DEFAULT_RUN), runs: [run("current", "r", samples)] })) as { runs: { columns: Record<string, number[]> }[] };
        // JSON has no minus zero: -0 comes back as 0, every other double exactly.
        expect(doc.runs[0].columns.lr).toEqual(xs.map((x) => (Object.is(x, -0) ? 0 : x)));
      }),
      { numRuns: 200 },
    );
  });
});

describe("file names and the store adapter", () => {
  it("names files by rate and decay kind", () => {
    const cfg = cloneRun(DEFAULT_RUN);
    expect(exportFileName(cfg, "csv")).toBe(`lr-decay-${cfg.optimizer.lr}-${cfg.policy.kind}.csv`);
    cfg.optimizer.lr = 1e-7;
    cfg.policy = { ...cfg.policy, kind: "step" } as typeof cfg.policy;
    expect(exportFileName(cfg, "json")).toBe("lr-decay-1e-7-step.json");
  });

  it("reads the live run and every pinned run with data from the store, labelled by the caller", () => {
    const config = cloneRun(DEFAULT_RUN);
    const current = newLiveRun(7, config, "running");
    current.stepsPerEpoch = 200;
    for (let i = 1; i <= 5; i++) current.series.push(sample(i, 1 / i));
    current.step = 5;
    const pinCfg = cloneRun(DEFAULT_RUN);
    pinCfg.optimizer.lr = 0.05;
    const pinned: PinnedRun[] = [
      pin("pin-3", pinCfg, [sample(1, 2), sample(2, 1)], { changedLive: true, truncated: true }),
      // Still being computed, and failed: no data, so not exported.
      pin("pin-4", pinCfg, [], { pending: true, source: "lesson" }),
      pin("pin-5", pinCfg, [], { error: "boom", source: "link" }),
    ];
    const input = exportInputFromStore({ config, current, pinned }, "?lr=0.025&seed=3", LABELS);
    expect(input.link).toBe("lr=0.025&seed=3");
    expect(input.runs.map((r) => r.id)).toEqual(["current", "pin-3"]);
    expect(input.runs[0].columns.loss).toEqual(Float64Array.from([1, 1 / 2, 1 / 3, 1 / 4, 1 / 5]));
    expect(input.runs[0].label).toBe("This run");
    expect(input.runs[1].label).toBe("pin-3 lr 0.05 (live)");
    expect(input.runs[1].truncated).toBe(true);
    const rows = parseCsv(toCsv(input.runs)).slice(1);
    expect(rows).toHaveLength(7);
    const doc = JSON.parse(toJson(input)) as { runs: { id: string; truncated: boolean }[] };
    expect(doc.runs.map((r) => [r.id, r.truncated])).toEqual([["current", false], ["pin-3", true]]);
  });

  it("leaves out a live run without data but keeps the pins", () => {
    const config = cloneRun(DEFAULT_RUN);
    const current = newLiveRun(8, config, "running");
    const pinned = [pin("pin-1", config, [sample(1, 2)])];
    const input = exportInputFromStore({ config, current, pinned }, "", LABELS);
    expect(input.runs.map((r) => r.id)).toEqual(["pin-1"]);
    expect(hasData(input.runs)).toBe(true);
    expect(hasData(exportInputFromStore({ config, current, pinned: [] }, "", LABELS).runs)).toBe(false);
  });
});

describe("seed bands in the export", () => {
  it("JSON carries each run's band (nulls for +Infinity), the CSV one row per sample step", () => {
    const config = { ...cloneRun(DEFAULT_RUN), epochs: 1 };
    const band = computeBand(config, 3);
    band.q90[band.q90.length - 1] = Number.POSITIVE_INFINITY;
    const runs: ExportRun[] = [
      { ...run("current", "This run", [sample(1, 0.9)], config), band },
      run("pin-1", "lr 0.05", [sample(1, 0.8)]),
    ];
    const doc = JSON.parse(toJson({ link: "seeds=3", config, runs })) as { runs: { band: { seeds: number; step: number[]; q10: number[]; q90: (number | null)[] } | null }[] };
    expect(doc.runs[0].band?.seeds).toBe(3);
    expect(doc.runs[0].band?.step).toEqual(Array.from(band.step));
    expect(doc.runs[0].band?.q10).toEqual(Array.from(band.q10));
    expect(doc.runs[0].band?.q90.at(-1)).toBeNull();
    expect(doc.runs[1].band).toBeNull();
    expect(hasBands(runs)).toBe(true);
    const rows = bandsToCsv(runs).trim().split("\n");
    expect(rows[0]).toBe(BAND_CSV_COLUMNS.join(","));
    expect(rows).toHaveLength(1 + band.step.length);
    expect(rows[1]).toBe(`current,This run,3,${band.step[0]},${band.epoch[0]},${band.q10[0]},${band.q50[0]},${band.q90[0]}`);
    expect(rows.at(-1)?.endsWith(",")).toBe(true);
  });

  it("takes a band from the store only when it was computed for the run's config", () => {
    const s = { config: cloneRun(DEFAULT_RUN), current: newLiveRun(1, cloneRun(DEFAULT_RUN), "done"), pinned: [] };
    s.current.series.push(sample(1, 0.9));
    const band = computeBand({ ...cloneRun(DEFAULT_RUN), epochs: 1 }, 2);
    const entry = { id: 1, config: s.current.config, seeds: 2, status: "done" as const, done: 2, band, error: null, steps: 400, ms: 1, workMs: 1 };
    const labels = { current: "This run", pinned: () => "" };
    expect(exportInputFromStore(s, "", labels, { live: entry, pinned: {} }).runs[0].band).toBe(band);
    expect(exportInputFromStore(s, "", labels, { live: { ...entry, config: cloneRun(DEFAULT_RUN) }, pinned: {} }).runs[0].band).toBeNull();
  });
});
