// For tests that build every problem (`createProblem(id, …)` over PROBLEM_IDS): compiles and
// registers the Custom problem's default surface and its examples, as the page and the workers do
// before a Custom run.

import { compileNow } from "../expression/compile-now.ts";
import { CUSTOM_PRESETS } from "../problems/custom-presets.ts";

for (const p of CUSTOM_PRESETS) compileNow(p.surface.f);
