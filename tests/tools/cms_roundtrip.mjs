// Reads {"kinds": …, "files": {name: {"format": "record"|"page", "text": …}}} on standard input,
// reads every file and writes it again through eupages' CMS formats, exactly as Decap CMS does
// when an unchanged entry is saved, and prints {name: text} as JSON. Used by
// tests/unit/commands/test_cms_config.py.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(here + "../../package.json");
const YAML = require("yaml");
const { makeFormats } = await import(new URL("../../generator/commands/cms_assets/eupages-formats.mjs", import.meta.url));

const input = JSON.parse(readFileSync(0, "utf-8"));
const formats = makeFormats(YAML, input.kinds);
const out = {};
for (const [name, file] of Object.entries(input.files)) {
  const format = formats[file.format];
  out[name] = format.toFile(format.fromFile(file.text));
}
process.stdout.write(JSON.stringify(out));
