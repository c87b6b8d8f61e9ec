// Puts `make bench`'s parts together into one report: target/bench/report.{md,json} from the parts this run
// wrote (coldstart, workflow, concurrency, org). A part a run did not write is named as missing, never shown stale:
// parts older than the run's start (BENCH_STARTED, epoch seconds) are left out.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(process.cwd(), "target", "bench");
const started = Number(process.env.BENCH_STARTED ?? 0) * 1000;
const parts = [
  ["coldStart", "coldstart", "Cold start of each function against its baselines"],
  ["workflow", "workflow", "Workflow: one 200 images x 5 Regions job"],
  ["concurrency", "concurrency", "Account-wide concurrency: many overlapping jobs at once"],
  ["organization", "org", "Organization scale: one job to many accounts x Regions"],
];

const json = { generatedAt: new Date().toISOString(), parts: {} };
const md = ["# wsicopy benchmark", "", "Each part below was measured in this run of `make bench` (docs/performance.md explains the method).", ""];
for (const [key, file, title] of parts) {
  const jsonFile = join(dir, `${file}.json`);
  const mdFile = join(dir, `${file}.md`);
  const fresh = existsSync(jsonFile) && existsSync(mdFile) && statSync(mdFile).mtimeMs >= started;
  if (!fresh) {
    json.parts[key] = { status: "not run in this make bench" };
    md.push(`## ${title}`, "", "Not run in this `make bench` (see its output for why).", "");
    continue;
  }
  json.parts[key] = JSON.parse(readFileSync(jsonFile, "utf8"));
  md.push(readFileSync(mdFile, "utf8").trim(), "");
}
writeFileSync(join(dir, "report.json"), JSON.stringify(json, null, 2) + "\n");
writeFileSync(join(dir, "report.md"), md.join("\n"));
console.log(`bench-report: wrote target/bench/report.md and report.json (${parts.filter(([k]) => json.parts[k].status === undefined).length} of ${parts.length} parts from this run)`);
