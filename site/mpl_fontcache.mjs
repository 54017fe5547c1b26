// Build step of `make site`: make matplotlib's font cache once, in the site's own Pyodide (run by Node), so that
// the browser does not build it at the first `import matplotlib` ("Matplotlib is building the font cache").
// Pyodide's matplotlib keeps the cache beside its font_manager.py (site-packages/matplotlib/fontlist.json); a small
// wheel puts the file there. Prints the cache's path inside Pyodide.
// Usage: node site/mpl_fontcache.mjs <static/pyodide folder> <MPLCONFIGDIR inside Pyodide> <output json>
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
import inspect
_src = inspect.getsource(fm._load_fontmanager)
if 'joinpath("fontlist.json")' in _src:     # Pyodide's patch: next to font_manager.py
    _file = os.path.join(os.path.dirname(fm.__file__), "fontlist.json")
else:
    _file = os.path.join(matplotlib.get_cachedir(), "fontlist-v%s.json" % fm.FontManager.__version__)
if not os.path.exists(_file):
    fm.json_dump(fm.fontManager, _file)
_file
`);
const text = py.FS.readFile(file, { encoding: "utf8" });
writeFileSync(out, text);
console.log(`${file}: ${JSON.parse(text).ttflist.length} fonts`);
console.log(`CACHE=${file}`);
