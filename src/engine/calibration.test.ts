// The default configuration must show the lesson for every seed: these criteria are the product.
import { describe, expect, it } from "vitest";
import { checkLesson, lessonStats } from "./calibration.ts";

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe("calibration: the default run teaches the lesson on seeds 1-20", () => {
  it.each(SEEDS)("seed %i", (seed) => {
    const stats = lessonStats(seed);
    expect(checkLesson(stats).failures).toEqual([]);
  });
});
