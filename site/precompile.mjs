// Build step of `make site`: compile, once and in the site's own Pyodide (run by Node), the Python modules a
// browser session imports, so that the browser does not compile them at every visit.
//
// Pyodide 0.27's packages and its python_stdlib.zip carry Python sources only, and its file system lives in memory:
// every visit compiles each module again (measured: about half of the time to the kernel's first output). This
// script starts the site's Pyodide, loads the packages, runs the workload in site/precompile.py (the kernel's own
// start-up, then every notebook's code cells), and writes an unchecked-hash .pyc of every module that was imported.
// tools/build_site.py packs them beside the sources they came from.
//
// Usage: node site/precompile.mjs <static/pyodide folder> <job.json> <output folder>
//   job.json: {"packages": [what the kernel loads as it starts], "notebooks": {"NN_name": [code cell sources]}}
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const [indexDir, jobFile, outDir] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const { loadPyodide } = require(path.resolve(indexDir, "pyodide.js"));
const py = await loadPyodide({
  indexURL: path.resolve(indexDir) + "/",
  // as in JupyterLite's kernel: the inline backend (which matplotlib_inline provides) draws the figures
  env: { HOME: "/home/pyodide", MPLBACKEND: "module://matplotlib_inline.backend_inline" },
});
const job = readFileSync(jobFile, "utf8");
try {
  await py.loadPackage(JSON.parse(job).packages, { messageCallback: () => {}, errorCallback: (m) => console.error(m) });
  py.FS.mkdirTree("/precompiled");
  py.FS.mount(py.FS.filesystems.NODEFS, { root: path.resolve(outDir) }, "/precompiled");
  py.globals.set("JOB_JSON", job);
  py.globals.set("OUT", "/precompiled");
  await py.runPythonAsync(readFileSync(path.join(here, "precompile.py"), "utf8"));
} catch (e) {
  console.error(String(e.message || e));   // the Python traceback, not the minified runtime
  process.exit(1);
}
