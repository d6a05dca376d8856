/* Rectified: explorable figures. Draws a figure's curves for the slider's position, over the
   static SVG and in the same box, from the data file the figure runner wrote
   (rectified/figures/explore.py). Every number drawn or shown comes from that file: this
   script only picks a position and maps data to pixels. Loaded only on pages with an
   explorable figure (rectified/markdown/explore.py adds it); without it, the static figure
   stays. Colours: the runner's palettes, switched with Material's light/dark toggle. */
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";
  var DASH = { solid: "", dashed: "7 4", dotted: "2 3", dashdot: "7 3 2 3" };
  var M = { left: 62, right: 14, top: 34, bottom: 48 }; // plot margins, in image pixels

  function unpack(packed) {
    var bin = atob(packed.f64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var view = new DataView(bytes.buffer);
    var out = new Float64Array(bin.length / 8);
    for (var k = 0; k < out.length; k++) out[k] = view.getFloat64(8 * k, true);
    return out;
  }

  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, content, attrs) {
    var t = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = content;
    return t;
  }

  // Tick positions for [lo, hi]: steps of 1, 2 or 5 times a power of ten, about n of them.
  function ticks(lo, hi, n) {
    var raw = (hi - lo) / n;
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (f) { return f * power; })
      .find(function (s) { return s >= raw; });
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return out;
  }

  function label(v) {
    return String(Number(v.toPrecision(6))).replace("-", "\u2212");
  }

  function Explorable(figure) {
    this.figure = figure;
    this.box = figure.querySelector(".rectified-explore");
    this.input = this.box.querySelector("input[type=range]");
    this.toggle = this.box.querySelector("input[type=checkbox]");
    this.value = this.box.querySelector("output.rectified-explore-value");
    this.numbers = this.box.querySelectorAll("output[data-number]");
    this.link = figure.querySelector("a.rectified-explore-data");
    this.data = null;
    this.svg = null;
    var self = this;
    this.input.addEventListener("input", function () { self.update(); });
    if (this.toggle) this.toggle.addEventListener("change", function () { self.update(); });
    // A reader who reaches the slider before the figure scrolls into view: fetch now.
    this.input.addEventListener("focus", function () { self.load(); });
  }

  Explorable.prototype.load = function () {
    var self = this;
    if (!this.loading) {
      this.loading = fetch(this.link.href)
        .then(function (r) {
          if (!r.ok) throw new Error("explorable figure data: HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          self.prepare(data);
          self.update();
        });
    }
    return this.loading;
  };

  Explorable.prototype.prepare = function (data) {
    data.xs = unpack(data.x);
    data.lines.forEach(function (line) {
      var all = unpack(line.y);
      line.row = function (state) {
        return line.fixed ? all : all.subarray(state * data.xs.length, (state + 1) * data.xs.length);
      };
    });
    this.data = data;
    this.figure.classList.add("rectified-exploring");
  };

  Explorable.prototype.state = function () {
    var p = this.data.parameter;
    var on = this.toggle && this.toggle.checked ? 1 : 0;
    return on * p.values.length + Number(this.input.value);
  };

  Explorable.prototype.update = function () {
    var k = Number(this.input.value);
    if (!this.data) return;
    var p = this.data.parameter;
    var state = this.state();
    this.value.textContent = p.text[k];
    this.input.setAttribute("aria-valuetext", p.text[k]);
    for (var j = 0; j < this.numbers.length; j++) {
      this.numbers[j].textContent = this.data.numbers[j].text[state];
    }
    this.draw(state);
  };

  // The visible static image (Material hides the other palette's with display: none).
  Explorable.prototype.image = function () {
    var imgs = this.figure.querySelectorAll(":scope > img");
    for (var i = 0; i < imgs.length; i++) if (imgs[i].getClientRects().length) return imgs[i];
    return imgs[0];
  };

  Explorable.prototype.draw = function (state) {
    var d = this.data;
    var img = this.image();
    var W = Number(img.getAttribute("width")) || 614;
    var H = Number(img.getAttribute("height")) || 384;
    var colours = d.palettes[scheme()];
    // Placed by the stylesheet exactly where the image is (top centre, its width, its aspect
    // ratio), so drawing never forces a layout and nothing moves.
    var svg = el("svg", {
      viewBox: "0 0 " + W + " " + H, class: "rectified-explore-plot", "aria-hidden": "true",
      "data-state": state,
    });
    svg.style.width = W + "px";
    var x0 = M.left, x1 = W - M.right, y0 = H - M.bottom, y1 = M.top;
    var xlim = d.xlim, ylim = d.ylim;
    function px(v) { return x0 + (v - xlim[0]) / (xlim[1] - xlim[0]) * (x1 - x0); }
    function py(v) { return y0 + (v - ylim[0]) / (ylim[1] - ylim[0]) * (y1 - y0); }
    // The mapping, for tests and for anyone reading the drawing back.
    svg.setAttribute("data-transform", JSON.stringify({ x0: x0, x1: x1, y0: y0, y1: y1, xlim: xlim, ylim: ylim }));
    el("rect", { x: 0, y: 0, width: W, height: H, class: "rectified-explore-bg" }, svg);
    var font = { fill: colours.text, "font-size": 14, "font-family": "DejaVu Sans, sans-serif" };
    var grid = el("g", { stroke: colours.grid, "stroke-width": 0.8 }, svg);
    var labels = el("g", font, svg);
    ticks(xlim[0], xlim[1], 6).forEach(function (v) {
      el("line", { x1: px(v), x2: px(v), y1: y0, y2: y1 }, grid);
      text(labels, px(v), y0 + 18, label(v), { "text-anchor": "middle" });
    });
    ticks(ylim[0], ylim[1], 5).forEach(function (v) {
      el("line", { x1: x0, x2: x1, y1: py(v), y2: py(v) }, grid);
      text(labels, x0 - 6, py(v) + 5, label(v), { "text-anchor": "end" });
    });
    el("path", {
      d: "M" + x0 + " " + y1 + "V" + y0 + "H" + x1, fill: "none", stroke: colours.axes,
      "stroke-width": 1,
    }, svg);
    text(labels, (x0 + x1) / 2, H - 8, d.xlabel, { "text-anchor": "middle" });
    text(labels, 16, (y0 + y1) / 2, d.ylabel, {
      "text-anchor": "middle", transform: "rotate(-90 16 " + (y0 + y1) / 2 + ")",
    });
    text(labels, (x0 + x1) / 2, 22, d.title + ", " + d.parameter.text[Number(this.input.value)], {
      "text-anchor": "middle", "font-size": 16,
    });
    var clip = "clip-" + this.figure.id;
    el("rect", { x: x0, y: y1, width: x1 - x0, height: y0 - y1 }, el("clipPath", { id: clip }, svg));
    var plot = el("g", { "clip-path": "url(#" + clip + ")" }, svg);
    var xs = d.xs;
    d.lines.forEach(function (line, i) {
      var ys = line.row(state);
      var colour = colours.lines[i % colours.lines.length];
      if (line.points) {
        var g = el("g", { fill: colour, class: "rectified-explore-line", "data-line": i }, plot);
        for (var k = 0; k < xs.length; k++) el("circle", { cx: px(xs[k]), cy: py(ys[k]), r: 2 }, g);
        return;
      }
      var pts = [];
      for (var j = 0; j < xs.length; j++) pts.push(px(xs[j]) + "," + py(ys[j]));
      el("polyline", {
        points: pts.join(" "), fill: "none", stroke: colour, "stroke-width": 2,
        "stroke-dasharray": DASH[line.dash], "stroke-linejoin": "round",
        class: "rectified-explore-line", "data-line": i,
      }, plot);
    });
    // Legend: drawn at the origin, then moved to its corner.
    var legend = el("g", font, svg);
    var rowH = 19, boxH = d.lines.length * rowH + 8;
    var box = el("rect", {
      x: 0, y: 0, height: boxH, fill: colours.legend, "fill-opacity": 0.9, stroke: colours.grid,
      rx: 3,
    }, legend);
    // Width from the labels' length (no text measuring: that would force a layout).
    var boxW = 48 + 7.8 * Math.max.apply(null, d.lines.map(function (l) { return l.label.length; }));
    box.setAttribute("width", boxW);
    d.lines.forEach(function (line, i) {
      var colour = colours.lines[i % colours.lines.length];
      var y = 4 + rowH * i + rowH / 2;
      if (line.points) el("circle", { cx: 20, cy: y, r: 2.5, fill: colour }, legend);
      else el("line", {
        x1: 8, x2: 32, y1: y, y2: y, stroke: colour, "stroke-width": 2,
        "stroke-dasharray": DASH[line.dash],
      }, legend);
      text(legend, 40, y + 5, line.label);
    });
    var corner = d.legend || "upper left";
    var lx = /right/.test(corner) ? x1 - 10 - boxW : x0 + 10;
    var ly = /lower/.test(corner) ? y0 - 8 - boxH : y1 + 8;
    legend.setAttribute("transform", "translate(" + lx + " " + ly + ")");
    if (this.svg) this.figure.replaceChild(svg, this.svg);
    else this.figure.insertBefore(svg, this.figure.firstChild);
    this.svg = svg;
  };

  // The script is deferred: the page is parsed. Controls work at once (a reader who focuses a
  // slider gets its figure's data then); figures scrolled into view fetch theirs once the page
  // has loaded and the browser is idle, so the data is never in the way of the page itself.
  var all = [];
  document.querySelectorAll("figure.rectified-explorable").forEach(function (figure) {
    all.push(new Explorable(figure));
  });
  if (!all.length) return;
  new MutationObserver(function () {
    all.forEach(function (x) { if (x.data) x.update(); });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  function watch() {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        seen.unobserve(entry.target);
        all.forEach(function (x) { if (x.figure === entry.target) x.load(); });
      });
    }, { rootMargin: "200px" });
    all.forEach(function (x) { seen.observe(x.figure); });
  }
  function later() {
    if (window.requestIdleCallback) window.requestIdleCallback(watch, { timeout: 2000 });
    else setTimeout(watch, 200);
  }
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later);
})();
