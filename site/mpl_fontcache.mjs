// Build step of `make site`: make matplotlib's font cache once, in the site's own Pyodide (run by Node), so that
// the browser does not build it at the first `import matplotlib` ("Matplotlib is building the font cache").
// The browser finds it because jupyter-lite.json sets MPLCONFIGDIR to the folder of a small wheel that carries it.
// Usage: node site/mpl_fontcache.mjs <static/pyodide folder> <cache dir inside Pyodide> <output json>
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const [indexDir, cacheDir, out] = process.argv.slice(2);
const { loadPyodide } = require(path.resolve(indexDir, "pyodide.js"));
const py = await loadPyodide({ indexURL: path.resolve(indexDir) + "/",
                               env: { HOME: "/home/pyodide", MPLCONFIGDIR: cacheDir } });
await py.loadPackage("matplotlib", { messageCallback: () => {} });
const file = py.runPython(`
import os
import matplotlib
import matplotlib.font_manager as fm
_file = os.path.join(matplotlib.get_cachedir(), "fontlist-v%s.json" % fm.FontManager.__version__)
if not os.path.exists(_file):
    fm.json_dump(fm.fontManager, _file)
_file
`);
if (path.dirname(file) !== cacheDir) throw new Error(`matplotlib used ${file}, not ${cacheDir}`);
const name = path.basename(file);
const text = py.FS.readFile(file, { encoding: "utf8" });
writeFileSync(out, text);
console.log(`${name}: ${JSON.parse(text).ttflist.length} fonts`);
