// latent's map viewer: WebGL points with pan and zoom, hover, lasso/box selection, moves, colouring,
// the decoder at the cursor and a decoded lattice. Served by `show` (every action runs as a statement
// of the session) or embedded by `export view` in one offline HTML file (looking only).
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const stats = (window.latentStats = { start: performance.now(), firstFrame: null, frameMs: [], decodeMs: [], pointsMs: null });

  // ---------- where the data comes from: the session's server, or the arrays embedded in this file ----------
  function onlineSource(view, token) {
    const base = "/api/" + view + "/";
    const url = (name, params) => {
      const q = new URLSearchParams(Object.assign({ token: token }, params || {}));
      return base + name + "?" + q.toString();
    };
    async function get(name, params, kind) {
      const r = await fetch(url(name, params), { headers: { "X-Latent-Token": token }, cache: "no-store" });
      if (!r.ok) throw new Error((await r.text()).trim() || r.statusText);
      return kind === "json" ? r.json() : r.arrayBuffer();
    }
    return {
      online: true,
      describe: () => get("describe", null, "json"),
      points: () => get("points", null, "bin"),
      selection: async () => new Uint32Array(await get("selection", null, "bin")),
      column: async (name) => new Float32Array(await get("column", { name: name }, "bin")),
      item: (row) => get("item", { row: row }, "json"),
      decode: (x, y) => get("decode", { x: x, y: y }, "json"),
      lattice: (side) => get("lattice", { side: side }, "json"),
      state: () => get("state", null, "json"),
      act: async (action) => {
        const r = await fetch(base + "act?token=" + encodeURIComponent(token), {
          method: "POST", headers: { "Content-Type": "application/json", "X-Latent-Token": token }, body: JSON.stringify(action),
        });
        if (!r.ok) throw new Error((await r.text()).trim() || r.statusText);
        return r.json();
      },
    };
  }

  async function offlineSource(meta, base64) {
    const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bytes = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
    const part = (name) => { const p = meta.parts[name]; return bytes.buffer.slice(p[0], p[0] + p[1]); };
    const shape = meta.describe.image;
    const thumbs = meta.parts.thumbs ? new Uint8Array(part("thumbs")) : null;
    const values = meta.parts.values ? new Float32Array(part("values")) : null;
    const features = meta.describe.featureNames.length;
    let cachedPoints = null;
    return {
      online: false,
      describe: async () => meta.describe,
      points: async () => (cachedPoints = cachedPoints || part("points")),
      selection: async () => new Uint32Array(0),
      column: async (name) => new Float32Array(part("column:" + name)),
      item: async (row) => {
        const o = { row: row, id: String(row) };
        if (pointsData && pointsData.labels && pointsData.labels[row] >= 0) {
          o.label = pointsData.labels[row];
          if (meta.describe.classNames) o.className = meta.describe.classNames[o.label];
        }
        if (thumbs && shape) { const n = shape[0] * shape[1] * shape[2]; o.bytes = thumbs.subarray(row * n, row * n + n); }
        if (values) o.values = Array.from(values.subarray(row * features, row * features + features));
        return o;
      },
      decode: null, lattice: meta.lattice ? async () => meta.lattice : null, state: null, act: null,
    };
  }

  // ---------- colours ----------
  const TAB20 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"];
  const VIRIDIS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37]];
  const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
  function classColour(c) {
    if (c < 0) return [150, 150, 150];
    if (c < 20) return hex(TAB20[c]);
    const h = (c * 0.618033988749895) % 1; // golden-ratio hues past 20 classes
    const f = (n) => { const k = (n + h * 12) % 12; return Math.round(255 * (0.55 - 0.4 * Math.max(-1, Math.min(k - 3, 9 - k, 1)))); };
    return [f(0), f(8), f(4)];
  }
  function viridis(t) {
    t = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(t)), f = t - i, a = VIRIDIS[i], b = VIRIDIS[i + 1];
    return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
  }

  // ---------- state ----------
  let source = null, meta = null, pointsData = null, index = null;
  let selected = new Uint8Array(0), selectedRows = new Uint32Array(0);
  let colourBy = "label", columnValues = null, version = -1, liveVersion = 0;
  let mode = "pan", view = { cx: 0, cy: 0, k: 1 }, lattice = null, latticeOn = false;
  let hoverRow = -1, cursorData = null;

  // ---------- WebGL ----------
  // three layers: the decoded lattice under the points, the points (WebGL, transparent), the tools' strokes above
  const canvas = $("map"), overlay = $("overlay"), octx = overlay.getContext("2d"), under = $("under"), uctx = under.getContext("2d");
  const gl = canvas.getContext("webgl", { antialias: false, preserveDrawingBuffer: true, alpha: true });
  const VS = "attribute vec2 p; attribute vec4 c; uniform vec2 s; uniform vec2 o; uniform float z; varying vec4 v;" +
    "void main(){ gl_Position = vec4(p * s + o, 0.0, 1.0); float f = floor(c.a * 255.0 + 0.5);" +
    "gl_PointSize = f < 255.0 ? z * 1.7 + 2.0 : z; v = c; }";
  const FS = "precision mediump float; varying vec4 v; uniform float a; uniform float rd;" +
    "void main(){ vec2 q = gl_PointCoord * 2.0 - 1.0; float r = dot(q, q); if (r > 1.0 && rd > 0.5) discard;" + // tiny points stay square: cheaper
    "float f = floor(v.a * 255.0 + 0.5); vec3 col = v.rgb; float al = a;" +
    "if (f < 255.0 && r > 0.4) { col = f == 254.0 ? vec3(0.0) : vec3(0.85, 0.0, 0.55); al = 1.0; }" +
    "al = f < 255.0 ? 1.0 : al; gl_FragColor = vec4(col * al, al); }"; // premultiplied, over the lattice layer
  let program, posBuffer, colBuffer, loc = {};
  function setupGL() {
    const shader = (type, text) => { const s = gl.createShader(type); gl.shaderSource(s, text); gl.compileShader(s); return s; };
    program = gl.createProgram();
    gl.attachShader(program, shader(gl.VERTEX_SHADER, VS));
    gl.attachShader(program, shader(gl.FRAGMENT_SHADER, FS));
    gl.linkProgram(program);
    gl.useProgram(program);
    for (const n of ["s", "o", "z", "a", "rd"]) loc[n] = gl.getUniformLocation(program, n);
    loc.p = gl.getAttribLocation(program, "p"); loc.c = gl.getAttribLocation(program, "c");
    posBuffer = gl.createBuffer(); colBuffer = gl.createBuffer();
    gl.enable(gl.BLEND); gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
  }

  function parsePoints(buffer) {
    const head = new Uint32Array(buffer, 0, 4);
    const n = head[1], hasLabels = head[2] === 1, pinnedCount = head[3];
    let at = 16;
    const xs = new Float32Array(buffer, at, n); at += 4 * n;
    const ys = new Float32Array(buffer, at, n); at += 4 * n;
    let labels = null;
    if (hasLabels) { labels = new Int32Array(buffer, at, n); at += 4 * n; }
    const pinned = new Uint32Array(buffer, at, pinnedCount);
    const xy = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) { xy[2 * i] = xs[i]; xy[2 * i + 1] = ys[i]; }
    return { n: n, xs: xs, ys: ys, xy: xy, labels: labels, pinned: pinned };
  }

  function uploadPositions() {
    gl.bindBuffer(gl.ARRAY_BUFFER, posBuffer);
    gl.bufferData(gl.ARRAY_BUFFER, pointsData.xy, gl.DYNAMIC_DRAW);
  }

  function uploadColours() {
    const n = pointsData.n, rgba = new Uint8Array(4 * n);
    let lo = 0, hi = 1;
    if (colourBy !== "label" && columnValues) { [lo, hi] = robustRange(columnValues); }
    const pinnedSet = new Uint8Array(n);
    for (const r of pointsData.pinned) if (r < n) pinnedSet[r] = 1;
    for (let i = 0; i < n; i++) {
      let c;
      if (colourBy === "label" || !columnValues) c = classColour(pointsData.labels ? pointsData.labels[i] : 0);
      else c = viridis((columnValues[i] - lo) / (hi - lo || 1));
      rgba[4 * i] = c[0]; rgba[4 * i + 1] = c[1]; rgba[4 * i + 2] = c[2];
      rgba[4 * i + 3] = selected[i] ? 254 : pinnedSet[i] ? 253 : 255;
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, colBuffer);
    gl.bufferData(gl.ARRAY_BUFFER, rgba, gl.DYNAMIC_DRAW);
    drawLegend(lo, hi);
  }

  function robustRange(v) {
    // the 1st and 99th percentiles (of at most 20000 values), so one outlier does not flatten the palette
    const step = Math.max(1, Math.floor(v.length / 20000)), s = [];
    for (let i = 0; i < v.length; i += step) if (Number.isFinite(v[i])) s.push(v[i]);
    s.sort((a, b) => a - b);
    if (!s.length) return [0, 1];
    return [s[Math.floor(0.01 * (s.length - 1))], s[Math.ceil(0.99 * (s.length - 1))]];
  }

  function resize() {
    const r = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    for (const c of [canvas, overlay, under]) { c.width = Math.max(1, Math.round(r.width * dpr)); c.height = Math.max(1, Math.round(r.height * dpr)); }
    schedule();
  }

  function fit() {
    if (!pointsData || !pointsData.n) return;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < pointsData.n; i++) {
      const x = pointsData.xs[i], y = pointsData.ys[i];
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
    const r = canvas.getBoundingClientRect();
    view.cx = (x0 + x1) / 2; view.cy = (y0 + y1) / 2;
    view.k = 0.92 * Math.min(r.width / ((x1 - x0) || 1), r.height / ((y1 - y0) || 1));
  }

  // screen (CSS pixels in the stage) <-> data coordinates
  const toScreen = (x, y) => { const r = canvas.getBoundingClientRect(); return [r.width / 2 + (x - view.cx) * view.k, r.height / 2 - (y - view.cy) * view.k]; };
  const toData = (sx, sy) => { const r = canvas.getBoundingClientRect(); return [view.cx + (sx - r.width / 2) / view.k, view.cy - (sy - r.height / 2) / view.k]; };

  let frameWanted = false;
  function schedule() { if (!frameWanted) { frameWanted = true; requestAnimationFrame(frame); } }

  // Large maps (over 200000 points) pan and zoom by moving the last drawn image (a CSS transform the
  // compositor applies) and draw the points again once the gesture rests; small maps redraw every frame.
  let drawnView = null, lightWanted = false, settleTimer = null;
  const large = () => pointsData !== null && pointsData.n > 200000;
  function scheduleLight() { if (!lightWanted) { lightWanted = true; requestAnimationFrame(lightFrame); } }
  function lightFrame() {
    lightWanted = false;
    const t0 = performance.now();
    preview(); drawOverlay();
    stats.frameMs.push(performance.now() - t0);
  }
  function preview() {
    if (!drawnView) return;
    const r = view.k / drawnView.k, tx = (drawnView.cx - view.cx) * view.k, ty = -(drawnView.cy - view.cy) * view.k;
    canvas.style.transform = "translate(" + tx + "px, " + ty + "px) scale(" + r + ")";
  }
  function viewChanged() {
    if (!large()) { schedule(); return; }
    scheduleLight();
    clearTimeout(settleTimer);
    settleTimer = setTimeout(schedule, 150);
  }
  function frame() {
    frameWanted = false;
    const t0 = performance.now();
    draw();
    stats.frameMs.push(performance.now() - t0);
    if (stats.frameMs.length > 2000) stats.frameMs.splice(0, 1000);
    if (stats.firstFrame === null && pointsData) stats.firstFrame = performance.now();
  }
  function draw() {
    gl.viewport(0, 0, canvas.width, canvas.height);
    gl.clearColor(0, 0, 0, 0); gl.clear(gl.COLOR_BUFFER_BIT);
    drawOverlay();
    if (!pointsData) return;
    const r = canvas.getBoundingClientRect(), sx = (2 * view.k) / r.width, sy = (2 * view.k) / r.height;
    gl.useProgram(program);
    gl.uniform2f(loc.s, sx, sy);
    gl.uniform2f(loc.o, -view.cx * sx, -view.cy * sy);
    const dpr = window.devicePixelRatio || 1, n = pointsData.n;
    const size = dpr * Math.max(1.5, Math.min(7, 2 + 10 / Math.sqrt(Math.max(1, n / 1000))));
    gl.uniform1f(loc.z, size);
    gl.uniform1f(loc.rd, size >= 3.5 ? 1 : 0);
    gl.uniform1f(loc.a, n > 200000 ? 0.35 : n > 20000 ? 0.6 : 0.9);
    gl.bindBuffer(gl.ARRAY_BUFFER, posBuffer); gl.enableVertexAttribArray(loc.p); gl.vertexAttribPointer(loc.p, 2, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, colBuffer); gl.enableVertexAttribArray(loc.c); gl.vertexAttribPointer(loc.c, 4, gl.UNSIGNED_BYTE, true, 0, 0);
    gl.drawArrays(gl.POINTS, 0, n);
    canvas.style.transform = "";
    drawnView = { cx: view.cx, cy: view.cy, k: view.k };
  }

  // ---------- overlay: lattice, lasso, box, move ghost, hover ring ----------
  let drag = null;
  function drawOverlay() {
    const dpr = window.devicePixelRatio || 1;
    octx.setTransform(dpr, 0, 0, dpr, 0, 0);
    octx.clearRect(0, 0, overlay.width, overlay.height);
    uctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    uctx.clearRect(0, 0, under.width, under.height);
    if (latticeOn && lattice) drawLattice(uctx);
    if (hoverRow >= 0 && pointsData && hoverRow < pointsData.n) {
      const [sx, sy] = toScreen(pointsData.xs[hoverRow], pointsData.ys[hoverRow]);
      octx.strokeStyle = "#000"; octx.lineWidth = 1.5; octx.beginPath(); octx.arc(sx, sy, 7, 0, 2 * Math.PI); octx.stroke();
    }
    if (!drag) return;
    octx.strokeStyle = "#c06"; octx.lineWidth = 1.5; octx.setLineDash([4, 3]);
    if (drag.mode === "lasso" && drag.path.length > 1) {
      octx.beginPath(); octx.moveTo(drag.path[0][0], drag.path[0][1]);
      for (const p of drag.path) octx.lineTo(p[0], p[1]);
      octx.closePath(); octx.stroke();
    } else if (drag.mode === "box") {
      octx.strokeRect(drag.x0, drag.y0, drag.x1 - drag.x0, drag.y1 - drag.y0);
    } else if (drag.mode === "move") {
      octx.beginPath(); octx.moveTo(drag.x0, drag.y0); octx.lineTo(drag.x1, drag.y1); octx.stroke();
      octx.setLineDash([]); octx.beginPath(); octx.arc(drag.x1, drag.y1, 9, 0, 2 * Math.PI); octx.stroke();
    }
    octx.setLineDash([]);
  }

  let latticeTiles = null;
  function drawLattice(octx) {
    const shape = meta.image, side = lattice.side, n = shape[0] * shape[1] * shape[2];
    if (!latticeTiles) {
      latticeTiles = [];
      const bytes = lattice.bytes || Uint8Array.from(atob(lattice.pixels), (c) => c.charCodeAt(0));
      for (let i = 0; i < side * side; i++) latticeTiles.push(tile(bytes.subarray(i * n, i * n + n), shape));
    }
    const cw = (lattice.hi[0] - lattice.lo[0]) / side, ch = (lattice.hi[1] - lattice.lo[1]) / side;
    for (let i = 0; i < side * side; i++) {
      const row = Math.floor(i / side), col = i % side;
      const [x0, y0] = toScreen(lattice.lo[0] + col * cw, lattice.hi[1] - row * ch);
      const [x1, y1] = toScreen(lattice.lo[0] + (col + 1) * cw, lattice.hi[1] - (row + 1) * ch);
      const empty = lattice.empty[i];
      octx.globalAlpha = empty ? 0.3 : 0.85;
      octx.imageSmoothingEnabled = false;
      octx.drawImage(latticeTiles[i], x0, y0, x1 - x0, y1 - y0);
      octx.globalAlpha = 1;
      if (empty) {
        octx.strokeStyle = "rgba(180,0,0,0.5)"; octx.lineWidth = 1;
        octx.beginPath(); octx.moveTo(x0, y0); octx.lineTo(x1, y1); octx.moveTo(x1, y0); octx.lineTo(x0, y1); octx.stroke();
      }
    }
  }

  function tile(bytes, shape) {
    const c = document.createElement("canvas");
    paint(c, bytes, shape);
    return c;
  }

  // 8-bit pixels (RGB interleaved when 3 channels) into a canvas
  function paint(c, bytes, shape) {
    const h = shape[0], w = shape[1], ch = shape[2];
    c.width = w; c.height = h;
    const g = c.getContext("2d"), img = g.createImageData(w, h);
    for (let i = 0; i < h * w; i++) {
      const r = ch === 3 ? bytes[3 * i] : bytes[i], gg = ch === 3 ? bytes[3 * i + 1] : bytes[i], b = ch === 3 ? bytes[3 * i + 2] : bytes[i];
      img.data[4 * i] = r; img.data[4 * i + 1] = gg; img.data[4 * i + 2] = b; img.data[4 * i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
  }

  // ---------- nearest point: a uniform grid over the points ----------
  function buildIndex() {
    const n = pointsData.n, xs = pointsData.xs, ys = pointsData.ys;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) { if (xs[i] < x0) x0 = xs[i]; if (xs[i] > x1) x1 = xs[i]; if (ys[i] < y0) y0 = ys[i]; if (ys[i] > y1) y1 = ys[i]; }
    const g = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(n / 4))));
    const w = (x1 - x0) / g || 1, h = (y1 - y0) / g || 1;
    const cellOf = (i) => Math.min(g - 1, Math.floor((xs[i] - x0) / w)) * g + Math.min(g - 1, Math.floor((ys[i] - y0) / h));
    const start = new Int32Array(g * g + 1), items = new Int32Array(n), cells = new Int32Array(n);
    for (let i = 0; i < n; i++) { cells[i] = cellOf(i); start[cells[i] + 1]++; }
    for (let c = 0; c < g * g; c++) start[c + 1] += start[c];
    const fill = start.slice(0, g * g);
    for (let i = 0; i < n; i++) items[fill[cells[i]]++] = i;
    index = { g: g, x0: x0, y0: y0, w: w, h: h, start: start, items: items };
  }

  function nearest(x, y, radius) {
    if (!index) return -1;
    const I = index, g = I.g;
    const cx0 = Math.max(0, Math.floor((x - radius - I.x0) / I.w)), cx1 = Math.min(g - 1, Math.floor((x + radius - I.x0) / I.w));
    const cy0 = Math.max(0, Math.floor((y - radius - I.y0) / I.h)), cy1 = Math.min(g - 1, Math.floor((y + radius - I.y0) / I.h));
    let best = -1, bestD = radius * radius;
    for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) {
      const c = cx * g + cy;
      for (let j = I.start[c]; j < I.start[c + 1]; j++) {
        const i = I.items[j], dx = pointsData.xs[i] - x, dy = pointsData.ys[i] - y, d = dx * dx + dy * dy;
        if (d <= bestD) { bestD = d; best = i; }
      }
    }
    return best;
  }

  // ---------- panel ----------
  function status(text, error) { const s = $("status"); s.textContent = text; s.className = error ? "error" : ""; }

  function drawLegend(lo, hi) {
    const legend = $("legend"), bar = $("bar");
    legend.textContent = "";
    if (colourBy === "label" || !columnValues) {
      bar.hidden = true;
      const names = meta.classNames || [];
      const present = new Set();
      if (pointsData.labels) for (let i = 0; i < pointsData.n; i++) present.add(pointsData.labels[i]);
      const classes = Array.from(present).sort((a, b) => a - b);
      for (const c of classes.slice(0, 60)) {
        const d = document.createElement("div"), sw = document.createElement("span");
        sw.className = "swatch"; sw.style.background = "rgb(" + classColour(c).join(",") + ")";
        d.appendChild(sw); d.appendChild(document.createTextNode(c < 0 ? "(no label)" : names[c] !== undefined ? names[c] : String(c)));
        legend.appendChild(d);
      }
      if (classes.length > 60) legend.appendChild(document.createTextNode("... " + (classes.length - 60) + " more classes"));
      if (!classes.length) legend.textContent = "no labels";
    } else {
      bar.hidden = false;
      legend.textContent = colourBy + " (1st to 99th percentile)";
      const c = $("colourbar"), g = c.getContext("2d");
      for (let x = 0; x < c.width; x++) { g.fillStyle = "rgb(" + viridis(x / (c.width - 1)).map(Math.round).join(",") + ")"; g.fillRect(x, 0, 1, c.height); }
      $("bar-lo").textContent = lo.toPrecision(3); $("bar-hi").textContent = hi.toPrecision(3);
    }
  }

  function showSelection() {
    $("selection").textContent = selectedRows.length ? selectedRows.length + " rows in sel" + (selectedRows.length <= 12 ? ": " + Array.from(selectedRows).join(", ") : "") : "none";
  }

  let itemWanted = -1, itemBusy = false;
  async function showItem(row) {
    itemWanted = row;
    if (itemBusy) return;
    itemBusy = true;
    try {
      while (itemWanted >= 0) {
        const want = itemWanted;
        const item = await source.item(want);
        if (itemWanted !== want) continue;
        itemWanted = -1;
        const label = item.className !== undefined ? item.className : item.label !== undefined ? String(item.label) : "";
        $("item").textContent = "ID " + item.id + (label ? " · " + label : "");
        $("item").dataset.row = String(item.row);
        $("item").dataset.className = label;
        const bytes = item.bytes || (item.pixels ? Uint8Array.from(atob(item.pixels), (c) => c.charCodeAt(0)) : null);
        if (bytes && meta.image) { paint($("thumb"), bytes, meta.image); $("thumb").dataset.painted = item.id; }
        if (item.values) showValues(item.values, "value");
      }
    } catch (e) { status(String(e.message || e), true); itemWanted = -1; }
    itemBusy = false;
  }

  function showValues(values, what) {
    const t = $("values"); t.textContent = "";
    const names = meta.featureNames || [];
    values.slice(0, 40).forEach((v, j) => {
      const tr = document.createElement("tr");
      const a = document.createElement("td"), b = document.createElement("td");
      a.textContent = names[j] || ("x" + (j + 1)); b.textContent = Number(v).toPrecision(4);
      tr.appendChild(a); tr.appendChild(b); t.appendChild(tr);
    });
    t.dataset.what = what;
  }

  let decodeWanted = null, decodeBusy = false;
  async function decodeAt(x, y) {
    if (!source.decode || !meta.canDecode) return;
    decodeWanted = [x, y];
    if (decodeBusy) return;
    decodeBusy = true;
    try {
      while (decodeWanted) {
        const [dx, dy] = decodeWanted; decodeWanted = null;
        const t0 = performance.now();
        const s = await source.decode(dx, dy);
        stats.decodeMs.push(performance.now() - t0);
        if (stats.decodeMs.length > 1000) stats.decodeMs.splice(0, 500);
        $("decoded-caption").textContent = "decoded at (" + dx.toPrecision(3) + ", " + dy.toPrecision(3) + ")";
        if (s.pixels && meta.image) paint($("decoded"), Uint8Array.from(atob(s.pixels), (c) => c.charCodeAt(0)), meta.image);
        else if (s.values && hoverRow < 0) showValues(s.values, "decoded");
      }
    } catch (e) { if (!/busy/.test(String(e.message))) status(String(e.message || e), true); }
    decodeBusy = false;
  }

  // ---------- statements: every action of the page runs in the session ----------
  async function act(action) {
    if (!source.act || !meta.canEdit) { status(meta.editNote || "this view cannot edit", true); return null; }
    try {
      const r = await source.act(action);
      status((r.ok ? "" : "failed: ") + r.statement + (r.output ? "\n" + r.output : ""), !r.ok);
      await poll(true);
      schedule();
      return r;
    } catch (e) { status(String(e.message || e), true); return null; }
  }

  const round6 = (v) => Number(v.toPrecision(6));

  async function refreshPoints() {
    const t0 = performance.now();
    const buffer = await source.points();
    const fresh = parsePoints(buffer);
    const first = !pointsData;
    pointsData = fresh;
    if (selected.length !== fresh.n) selected = new Uint8Array(fresh.n);
    stats.pointsMs = performance.now() - t0;
    uploadPositions();
    buildIndex();
    if (first) fit();
  }

  async function refreshSelection() {
    selectedRows = await source.selection();
    selected = new Uint8Array(pointsData.n);
    for (const r of selectedRows) if (r < pointsData.n) selected[r] = 1;
    showSelection();
  }

  async function refreshColour(by) {
    colourBy = by || "label";
    columnValues = colourBy === "label" ? null : await source.column(colourBy);
    $("colour").value = colourBy;
  }

  let polling = false;
  async function poll(force) {
    if (!source.state || (polling && !force)) return;
    polling = true;
    try {
      const s = await source.state();
      $("busy").textContent = s.busy ? "the session is running a statement..." : "";
      if (s.busy) {
        // training: the points of its last epoch, nothing else (the rest waits for the statement's end)
        if (s.live !== liveVersion && pointsData) {
          liveVersion = s.live;
          const fresh = parsePoints(await source.points());
          if (fresh.n === pointsData.n) { pointsData = fresh; uploadPositions(); buildIndex(); schedule(); }
        }
      } else if (s.version !== version || force) {
        liveVersion = s.live;
        version = s.version;
        if (s.last && !force) status(s.last, false);
        await refreshPoints();
        await refreshSelection();
        if (s.colour !== colourBy || colourBy !== "label") await refreshColour(s.colour);
        latticeTiles = null; if (latticeOn) await loadLattice();
        uploadColours();
        schedule();
      }
    } catch (e) { $("busy").textContent = "the session does not answer (" + (e.message || e) + ")"; }
    polling = false;
  }

  async function loadLattice() {
    if (!source.lattice || !meta.image || !meta.canDecode && source.online) { lattice = null; return; }
    try { lattice = await source.lattice(12); latticeTiles = null; } catch (e) { status(String(e.message || e), true); }
  }

  // ---------- input ----------
  function pointer(e) { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }

  overlay.parentElement.addEventListener("pointerdown", (e) => {
    const [sx, sy] = pointer(e);
    overlay.parentElement.setPointerCapture(e.pointerId);
    drag = { mode: mode, x0: sx, y0: sy, x1: sx, y1: sy, path: [[sx, sy]], cx: view.cx, cy: view.cy };
  });
  overlay.parentElement.addEventListener("pointermove", (e) => {
    const [sx, sy] = pointer(e);
    if (drag) {
      drag.x1 = sx; drag.y1 = sy;
      if (drag.mode === "pan") { view.cx = drag.cx - (sx - drag.x0) / view.k; view.cy = drag.cy + (sy - drag.y0) / view.k; viewChanged(); }
      else scheduleLight();
      if (drag.mode === "lasso") drag.path.push([sx, sy]);
      return;
    }
    const [x, y] = toData(sx, sy);
    cursorData = [x, y];
    const row = nearest(x, y, 8 / view.k);
    if (row !== hoverRow) { hoverRow = row; if (row >= 0) showItem(row); scheduleLight(); }
    decodeAt(x, y);
  });
  overlay.parentElement.addEventListener("pointerup", async (e) => {
    const d = drag; drag = null;
    if (d && d.mode === "pan") schedule(); else scheduleLight();
    if (!d) return;
    const [sx, sy] = pointer(e);
    if (d.mode === "lasso" && d.path.length >= 3) {
      const stride = Math.max(1, Math.ceil(d.path.length / 200)), polygon = [];
      for (let i = 0; i < d.path.length; i += stride) { const [x, y] = toData(d.path[i][0], d.path[i][1]); polygon.push(round6(x), round6(y)); }
      if (polygon.length >= 6) await act({ action: "select-polygon", polygon: polygon });
    } else if (d.mode === "box" && Math.abs(sx - d.x0) > 2 && Math.abs(sy - d.y0) > 2) {
      const [x0, y0] = toData(d.x0, d.y0), [x1, y1] = toData(sx, sy);
      await act({ action: "select-box", box: [round6(Math.min(x0, x1)), round6(Math.min(y0, y1)), round6(Math.max(x0, x1)), round6(Math.max(y0, y1))] });
    } else if (d.mode === "move" && (Math.abs(sx - d.x0) > 2 || Math.abs(sy - d.y0) > 2)) {
      if (!selectedRows.length) { status("select points first (Lasso or Box), then drag them", true); return; }
      const [x, y] = toData(sx, sy);
      await act({ action: "move", to: [round6(x), round6(y)] });
    }
  });
  overlay.parentElement.addEventListener("pointercancel", () => { drag = null; schedule(); });
  overlay.parentElement.addEventListener("wheel", (e) => {
    e.preventDefault();
    const [sx, sy] = pointer(e), [x, y] = toData(sx, sy);
    view.k *= Math.exp(-e.deltaY * 0.0015);
    const [x2, y2] = toData(sx, sy);
    view.cx += x - x2; view.cy += y - y2;
    viewChanged();
  }, { passive: false });

  for (const b of document.querySelectorAll("#modes button")) {
    b.addEventListener("click", () => {
      mode = b.dataset.mode;
      for (const o of document.querySelectorAll("#modes button")) o.classList.toggle("on", o === b);
    });
  }
  $("pin").addEventListener("click", () => act({ action: "pin" }));
  $("unpin").addEventListener("click", () => act({ action: "unpin" }));
  $("train").addEventListener("click", () => act({ action: "train", epochs: Number($("epochs").value) || 10 }));
  $("colour").addEventListener("change", async () => {
    const by = $("colour").value;
    if (source.act && meta.canEdit) { await act({ action: "colour", by: by }); return; }
    try { await refreshColour(by); uploadColours(); schedule(); } catch (e) { status(String(e.message || e), true); }
  });
  $("lattice").addEventListener("change", async () => {
    latticeOn = $("lattice").checked;
    if (latticeOn && !lattice) await loadLattice();
    schedule();
  });
  window.addEventListener("resize", resize);

  // hooks for tests and benchmarks: where a row is drawn, and a programmatic pan
  window.latentTest = {
    screenOf: (row) => { const [sx, sy] = toScreen(pointsData.xs[row], pointsData.ys[row]); const r = canvas.getBoundingClientRect(); return [r.left + sx, r.top + sy]; },
    dataOf: (clientX, clientY) => { const r = canvas.getBoundingClientRect(); return toData(clientX - r.left, clientY - r.top); },
    count: () => (pointsData ? pointsData.n : 0),
    xy: () => [Array.from(pointsData.xs), Array.from(pointsData.ys)],
    hover: () => hoverRow,
    lattice: () => (lattice && latticeOn ? { side: lattice.side, empty: lattice.empty.filter((e) => e).length } : null),
    selection: () => Array.from(selectedRows),
    setMode: (m) => { const b = document.querySelector('#modes button[data-mode="' + m + '"]'); if (b) b.click(); },
    panFrames: (frames) => new Promise((resolve) => {
      const times = []; let i = 0, last = performance.now();
      const step = () => {
        const now = performance.now(); if (i > 0) times.push(now - last); last = now;
        if (i++ >= frames) { resolve(times); return; }
        view.cx += 2 / view.k; draw(); gl.finish(); requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    }),
    // a pan step drawn and read back (readPixels waits for the GPU, or SwiftShader, to finish the frame)
    // a pan as the user sees it on a large map: the drawn image moved each frame, the points redrawn when it rests
    panPreviewFrames: (frames) => new Promise((resolve) => {
      const times = []; let i = 0, last = performance.now();
      const step = () => {
        const now = performance.now(); if (i > 0) times.push(now - last); last = now;
        if (i++ >= frames) { schedule(); resolve(times); return; }
        view.cx += 2 / view.k; preview(); drawOverlay(); requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    }),
    drawMs: (frames) => {
      const t = [], px = new Uint8Array(4);
      for (let i = 0; i < frames; i++) {
        const t0 = performance.now(); view.cx += 1 / view.k; draw(); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); t.push(performance.now() - t0);
      }
      return t;
    },
  };

  // ---------- start ----------
  async function start() {
    setupGL();
    resize();
    const config = $("latent-config"), embedded = $("latent-data");
    if (embedded) {
      const m = JSON.parse($("latent-meta").textContent);
      source = await offlineSource(m, embedded.textContent.trim());
      for (const id of ["pin", "unpin", "train", "epochs"]) $(id).disabled = true;
      document.querySelector('#modes button[data-mode="move"]').disabled = true;
    } else {
      source = onlineSource(config.dataset.view, config.dataset.token);
    }
    meta = await source.describe();
    document.title = meta.title + " — latent";
    $("title").textContent = meta.title + " (" + meta.count.toLocaleString() + " points)";
    const menu = $("colour");
    for (const c of ["label"].concat(meta.columns)) { const o = document.createElement("option"); o.value = c; o.textContent = c; menu.appendChild(o); }
    if (!meta.canDecode) $("decoded-card").hidden = true;
    if (!meta.image) $("thumb").parentElement.querySelector("canvas").hidden = true;
    if (!meta.canEdit) status(meta.editNote || "looking only", false);
    if (!meta.image || (!meta.canDecode && !(source.lattice))) $("lattice").disabled = true;
    if (source.online) {
      await poll(true);
      setInterval(poll, 700);
    } else {
      await refreshPoints();
      uploadColours();
      schedule();
    }
  }
  start().catch((e) => status("the viewer could not start: " + (e.message || e), true));
})();
