// The model panel's scripts and styles, written into the site as they are.
//
// They are plain JavaScript and CSS, kept here as text (as `Stylesheet` is)
// so that the site build needs no files at run time. No build step, no
// library, no external resource: the page works offline from file://.

extension ModelPanel {
    /// `lstm.js`: reads the weights of `model.js` and runs the model, as
    /// `window.dynamicRNN.predict(values)`.
    static let modelScript = #"""
    // The trained model of chapter 6, run in the page: Masking(-1) → LSTM(32) → Dense(2) → softmax.
    //
    // model.js sets window.dynamicRNNModel to the bytes of model.safetensors (the
    // file `tutorial predict --weights` reads) in base64: a classic <script src>
    // is the one way a page opened from file:// can load data (fetch and module
    // scripts are blocked there). This file reads them and exposes
    //
    //     window.dynamicRNN.predict(values)  → {class, probabilities: [pLinear, pRandom]}
    //     window.dynamicRNN.run(values)      → the same, plus every timestep's state
    //
    // where `values` is an array of raw numbers (0 <= v < 10000) or a line of text
    // as `tutorial predict` reads it ("4617, 4618 4619"). Invalid input throws an
    // Error whose message is predict's.
    //
    // Every operation is rounded to float32 (Math.fround), as the Swift engine
    // computes in Float, and e^x is the engine's own polynomial: with Math.exp
    // instead, its last-bit differences grow along the 20 steps of the LSTM to
    // several 1e-6 in the probabilities. The promise is agreement within 1e-6
    // (.ci/check-site.py checks it against `tutorial predict`).
    (function () {
      "use strict";
      const f32 = Math.fround;

      // safetensors: an 8-byte little-endian header length, a JSON header
      // (name → dtype, shape, byte offsets; "__metadata__" → strings), then the
      // tensors' little-endian float32 values.
      function readSafetensors(base64) {
        const text = atob(base64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
        const view = new DataView(bytes.buffer);
        const headerLength = Number(view.getBigUint64(0, true));
        const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
        const tensors = {};
        for (const [name, entry] of Object.entries(header)) {
          if (name === "__metadata__") continue;
          const [start, end] = entry.data_offsets;
          const values = new Float32Array((end - start) / 4);
          for (let i = 0; i < values.length; i++) {
            values[i] = view.getFloat32(8 + headerLength + start + 4 * i, true);
          }
          tensors[name] = values;
        }
        return { tensors, metadata: header.__metadata__ };
      }

      const { tensors, metadata } = readSafetensors(window.dynamicRNNModel);
      const H = Number(metadata.units);                 // hidden size
      const classNames = metadata.classes.split(",");   // ["linear", "random"]
      const C = classNames.length;
      const maxLength = Number(metadata.seq_max_len);   // 20
      const maskValue = f32(Number(metadata.mask_value)); // -1
      const maxValue = Number(metadata.max_value);      // 10000
      const kernel = tensors["lstm/kernel"];            // [1, 4H]  x → gates
      const recurrent = tensors["lstm/recurrent_kernel"]; // [H, 4H] h_{t-1} → gates, row-major
      const bias = tensors["lstm/bias"];                // [4H]
      const denseKernel = tensors["dense/kernel"];      // [H, C]
      const denseBias = tensors["dense/bias"];          // [C]

      // a·b + c rounded to float32 once, as the engine's fused multiply-adds: the
      // product of two float32 is exact in a double.
      const fma = (a, b, c) => f32(a * b + c);

      // e^x as the engine computes it (NumericCore/Activations.swift, Cephes' expf):
      // x = n·ln 2 + r, e^r from a polynomial in r, times 2^n.
      function exp(x) {
        x = Math.min(87, Math.max(-87, x));
        const magic = 12582912;  // 1.5·2^23: adding it rounds to an integer
        const n = f32(fma(x, f32(1.44269504), magic) - magic);
        const r = fma(n, f32(2.1219444e-4), fma(n, -0.693359375, x));
        let p = f32(1.98756915e-4);
        for (const c of [1.39819995e-3, 8.3334519e-3, 4.1665796e-2, 1.66666655e-1, 5.0000001e-1]) p = fma(p, r, f32(c));
        return f32(fma(p, f32(r * r), f32(r + 1)) * 2 ** n);
      }
      const sigmoid = (z) => f32(1 / f32(1 + exp(-z)));            // 1 / (1 + e^-z)
      const tanh = (z) => f32(1 - f32(2 / f32(exp(f32(z + z)) + 1))); // 1 - 2 / (e^2z + 1)

      // The class probabilities for a hidden state h: Dense, then softmax.
      function classify(h) {
        const logits = new Float32Array(C);
        for (let c = 0; c < C; c++) {
          let sum = denseBias[c];
          for (let k = 0; k < H; k++) sum = fma(h[k], denseKernel[k * C + c], sum);
          logits[c] = sum;
        }
        const shift = Math.max(...logits);
        const exps = logits.map((z) => f32(Math.exp(f32(z - shift))));
        let total = 0;
        for (const e of exps) total = f32(total + e);
        return Array.from(exps, (e) => f32(e / total));
      }

      // One sequence through the model. Returns the probabilities after the whole
      // sequence and after each prefix of it, and h_t at every real timestep.
      function forward(values) {
        // The model's input: raw values divided by max_value, padded with the mask value.
        const x = new Float32Array(maxLength).fill(maskValue);
        values.forEach((v, t) => { x[t] = f32(v / maxValue); });

        let h = new Float32Array(H), c = new Float32Array(H);  // the state starts at zero
        const z = new Float32Array(4 * H);
        const states = [], prefixes = [];
        for (let t = 0; t < maxLength; t++) {
          // Keras's Masking: a timestep whose input equals the mask value is
          // skipped, and the state carries through it unchanged. Padding only
          // comes last, so the result is the state after the last real value.
          if (x[t] === maskValue) continue;
          // z = b + x·W_x + h_{t-1}·W_h: four blocks of H, in Keras's order i, f, g (cell), o.
          for (let j = 0; j < 4 * H; j++) {
            let sum = fma(x[t], kernel[j], bias[j]);
            for (let k = 0; k < H; k++) sum = fma(h[k], recurrent[k * 4 * H + j], sum);
            z[j] = sum;
          }
          const hNext = new Float32Array(H), cNext = new Float32Array(H);
          for (let u = 0; u < H; u++) {
            const i = sigmoid(z[u]);          // input gate: how much of the candidate to write
            const fg = sigmoid(z[H + u]);     // forget gate: how much of the old cell to keep
            const g = tanh(z[2 * H + u]);     // the candidate cell state
            const o = sigmoid(z[3 * H + u]);  // output gate: how much of the cell to show
            cNext[u] = fma(fg, c[u], f32(i * g));     // c_t = f·c_{t-1} + i·g
            hNext[u] = f32(o * tanh(cNext[u]));       // h_t = o·tanh(c_t)
          }
          h = hNext; c = cNext;
          states.push(Array.from(h));
          // The model is causal, so classifying h_t is classifying the first t+1 values.
          prefixes.push(classify(h));
        }
        return { probabilities: classify(h), prefixes, states };
      }

      // Input checks, with `tutorial predict`'s messages (SequenceInput.swift),
      // without the "<stdin>:1: " that names predict's file and line.
      const messages = {
        noValues: () => "no values (each line must hold one sequence)",
        missingValue: () => "missing value next to a comma",
        notANumber: (token) => `"${token}" is not a number`,
        notFinite: (token) => `"${token}" is not a finite number`,
        outOfRange: (token) => `${token} is out of range (values must be at least 0 and below ${maxValue})`,
        tooMany: (count) => `${count} values, more than the model's ${maxLength}`,
      };
      // Swift's CharacterSet.whitespaces (trimmed around commas) and Character.isWhitespace (between values).
      const blank = "[\\t \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]";
      const space = "[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
      const trimBlank = new RegExp(`^${blank}+|${blank}+$`, "g");
      const spaces = new RegExp(`${space}+`);
      // Digits with at most one point, then an optional exponent: 12, 12.5, .5, 5., 1e3.
      const decimal = /^(?=\.?\d)\d*\.?\d*(?:[eE][+-]?\d+)?$/;

      function value(token) {
        const unsigned = /^[+-]/.test(token) ? token.slice(1) : token;
        if (["nan", "inf", "infinity"].includes(unsigned.toLowerCase())) throw new Error(messages.notFinite(token));
        if (!decimal.test(unsigned)) throw new Error(messages.notANumber(token));
        const v = Number(token);
        if (!(v >= 0 && v < maxValue)) throw new Error(messages.outOfRange(token));
        return v;
      }

      // One line of predict's input: values separated by commas, spaces or both.
      function parse(line) {
        const fields = line.split(",").map((field) => field.replace(trimBlank, ""));
        if (fields.every((field) => field === "")) {
          throw new Error(fields.length === 1 ? messages.noValues() : messages.missingValue());
        }
        if (fields.includes("")) throw new Error(messages.missingValue());
        const values = fields.flatMap((field) => field.split(spaces).filter((token) => token !== "")).map(value);
        if (values.length > maxLength) throw new Error(messages.tooMany(values.length));
        return values;
      }

      // An array of numbers, checked as predict checks the numbers it reads.
      function check(values) {
        if (typeof values === "string") return parse(values);
        if (!Array.isArray(values)) throw new TypeError("predict takes an array of numbers or a line of text");
        for (const v of values) {
          if (typeof v !== "number") throw new Error(messages.notANumber(String(v)));
          if (!Number.isFinite(v)) throw new Error(messages.notFinite(String(v)));
          if (!(v >= 0 && v < maxValue)) throw new Error(messages.outOfRange(String(v)));
        }
        if (values.length === 0) throw new Error(messages.noValues());
        if (values.length > maxLength) throw new Error(messages.tooMany(values.length));
        return values;
      }

      // The most probable class; the first of equals, as tf.argmax and predict.
      const argmax = (p) => p.indexOf(Math.max(...p));

      function run(input) {
        const values = check(input);
        const result = forward(values);
        return { values, class: classNames[argmax(result.probabilities)], ...result };
      }

      window.dynamicRNN = {
        classNames, hiddenSize: H, maxLength, maxValue,
        predict(values) {
          const { class: name, probabilities } = run(values);
          return { class: name, probabilities };
        },
        run,
      };
    })();

    """#

    /// `model-panel.js`: the live panel, built into each `<section class="model-panel">`.
    static let panelScript = #"""
    // The panel that lets a reader try the trained model (see lstm.js for the model).
    //
    // The page holds a <section class="model-panel"> with a fallback for readers
    // without JavaScript; this script adds the live panel to it: a text field,
    // example buttons, the class with both probabilities, p(linear) after each
    // prefix, and the hidden state over the timesteps as a heatmap. Everything
    // is recomputed as the reader types (one forward pass takes well under a millisecond).
    (function () {
      "use strict";
      const model = window.dynamicRNN;
      const svgNS = "http://www.w3.org/2000/svg";

      // Example sequences, in raw units.
      const range = (start, count) => Array.from({ length: count }, (_, i) => start + i);
      const examples = [
        ["A linear run", () => range(4617, 20)],
        ["A random one", () => range(0, 5 + Math.floor(Math.random() * 16))
          .map(() => Math.floor(Math.random() * model.maxValue))],
        ["A short run", () => range(3, 5)],
        ["A run near 9999", () => range(model.maxValue - 20, 20)],
      ];

      function element(tag, attributes = {}, children = []) {
        const node = tag.startsWith("svg:") ? document.createElementNS(svgNS, tag.slice(4)) : document.createElement(tag);
        for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
        for (const child of [].concat(children)) node.append(child);
        return node;
      }
      const svg = (tag, attributes, children) => element("svg:" + tag, attributes, children);
      const fixed = (p) => p.toFixed(6);

      // The two class probabilities as labelled bars.
      function bars(probabilities) {
        return model.classNames.map((name, c) => element("div", { class: "panel-bar" }, [
          element("span", { class: "panel-bar-label" }, `p(${name})`),
          element("span", { class: "panel-bar-track" },
            element("span", { class: `panel-bar-fill class-${c}`, style: `width: ${(100 * probabilities[c]).toFixed(2)}%` })),
          element("span", { class: "panel-bar-value" }, fixed(probabilities[c])),
        ]));
      }

      // p(linear) after each prefix above the hidden state h_t, one column per timestep.
      function timeline(result) {
        const n = result.values.length, H = model.hiddenSize;
        const column = 30, left = 44, strip = 64, cell = 9;
        const stripTop = 40, heatTop = stripTop + strip + 64, width = Math.max(left + n * column, 360) + 8;
        const height = heatTop + H * cell + 34;
        const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
          "aria-label": "p(linear) after each prefix, and the hidden state at each timestep" });
        const text = (x, y, className, content) => chart.append(svg("text", { x, y, class: className }, content));

        // The strip: a bar of height p(linear) after the first t values, and the line p = 0.5.
        text(0, 14, "panel-title", "p(linear) after each prefix");
        text(left - 6, stripTop + 4, "panel-unit", "1");
        text(left - 6, stripTop + strip / 2 + 3, "panel-unit", "0.5");
        text(left - 6, stripTop + strip + 3, "panel-unit", "0");
        chart.append(svg("line", { x1: left, x2: left + n * column, y1: stripTop + strip / 2, y2: stripTop + strip / 2,
          class: "panel-half" }));
        chart.append(svg("line", { x1: left, x2: left + n * column, y1: stripTop + strip, y2: stripTop + strip,
          class: "panel-base" }));
        result.prefixes.forEach((p, t) => {
          const x = left + t * column, barHeight = p[0] * strip;
          chart.append(svg("rect", { x: x + 4, y: stripTop + strip - barHeight, width: column - 8, height: barHeight,
            class: p[0] >= p[1] ? "class-0" : "class-1" }, svg("title", {},
            `the first ${t + 1} value${t ? "s" : ""} (… ${result.values[t]}): p(linear) = ${fixed(p[0])}`)));
          text(x + column / 2, stripTop + strip - barHeight - 3, "panel-value", p[0].toFixed(2));
          text(x + column / 2, stripTop + strip + 14, "panel-tick", String(t + 1));
        });

        // The heatmap: unit u after timestep t, its hue the sign of h, its shade |h| (full from 0.5).
        text(0, heatTop - 12, "panel-title", `The hidden state h after each value (${H} units)`);
        for (let u = 0; u < H; u++) {
          if (u % 4 === 0) text(left - 6, heatTop + u * cell + cell - 1, "panel-unit", `h[${u}]`);
          result.states.forEach((h, t) => {
            chart.append(svg("rect", { x: left + t * column, y: heatTop + u * cell, width: column, height: cell,
              class: h[u] >= 0 ? "heat-positive" : "heat-negative",
              "fill-opacity": Math.min(1, 2 * Math.abs(h[u])).toFixed(3) },
            svg("title", {}, `h[${u}] after value ${t + 1}: ${h[u].toFixed(4)}`)));
          });
        }
        chart.append(svg("rect", { x: left, y: heatTop, width: n * column, height: H * cell, class: "panel-frame" }));
        // The legend: one swatch per sign, and what the shade means.
        const legendY = heatTop + H * cell + 12;
        chart.append(svg("rect", { x: left, y: legendY, width: 12, height: 12, class: "heat-negative swatch" }));
        text(left + 16, legendY + 10, "panel-legend", "h < 0");
        chart.append(svg("rect", { x: left + 64, y: legendY, width: 12, height: 12, class: "heat-positive swatch" }));
        text(left + 80, legendY + 10, "panel-legend", "h > 0, fainter nearer 0");
        return chart;
      }

      function build(section, index) {
        if (section.querySelector(".panel-live")) return;  // a page that loads this script twice
        const id = `model-panel-${index}`;
        // A text area, so that 20 values show at once; it holds one line, as predict reads one sequence a line.
        const input = element("textarea", { id: `${id}-input`, rows: "2", spellcheck: "false", autocomplete: "off",
          "aria-describedby": `${id}-error` });
        input.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
        const error = element("p", { id: `${id}-error`, class: "panel-error", "aria-live": "polite" });
        const verdict = element("p", { class: "panel-verdict", "aria-live": "polite" });
        const probabilities = element("div", { class: "panel-bars" });
        const chart = element("div", { class: "panel-chart" });
        const result = element("div", { class: "panel-result" }, [verdict, probabilities, chart]);
        const buttons = examples.map(([label, make]) => {
          const button = element("button", { type: "button" }, label);
          button.addEventListener("click", () => { input.value = make().join(", "); update(); });
          return button;
        });

        function update() {
          if (/[\r\n]/.test(input.value)) input.value = input.value.replace(/[\r\n]+/g, " ");  // pasted lines
          let answer;
          try {
            answer = model.run(input.value);
          } catch (problem) {
            // Keep the last answer, greyed out, and say what is wrong with the input.
            error.textContent = problem.message;
            input.setAttribute("aria-invalid", "true");
            result.classList.add("stale");
            return;
          }
          error.textContent = "";
          input.removeAttribute("aria-invalid");
          result.classList.remove("stale");
          verdict.replaceChildren("The model says ", element("strong", {}, answer.class),
            ` (${answer.values.length} value${answer.values.length === 1 ? "" : "s"}).`);
          probabilities.replaceChildren(...bars(answer.probabilities));
          chart.replaceChildren(timeline(answer));
        }

        section.prepend(element("div", { class: "panel-live" }, [
          element("label", { for: input.id }, `A sequence of 1 to ${model.maxLength} values, each at least 0 and below ${model.maxValue}, separated by commas or spaces:`),
          input,
          element("div", { class: "panel-examples" }, buttons),
          error,
          result,
        ]));
        input.value = examples[0][1]().join(", ");
        input.addEventListener("input", update);
        update();
      }

      document.querySelectorAll(".model-panel").forEach(build);
    })();

    """#

    /// The panel's part of `style.css`.
    static let css = #"""

    /* The trained model in the page (model-panel.js builds the live part). */
    .model-panel {
      margin: 0 0 1.4rem; padding: 1rem 1.2rem; border: 1px solid var(--border); border-radius: 8px;
      background: var(--output-background);
    }
    .model-panel > :last-child { margin-bottom: 0; }
    .panel-live { margin-bottom: 1.2rem; }
    .model-panel .class-0 { fill: var(--plot-1); background: var(--plot-1); }
    .model-panel .class-1 { fill: var(--plot-2); background: var(--plot-2); }
    .panel-live label { display: block; margin-bottom: 0.4rem; }
    .panel-live textarea {
      display: block; resize: vertical;
      width: 100%; padding: 0.45rem 0.6rem; font: inherit; font-family: var(--mono); font-size: 0.9rem;
      color: var(--text); background: var(--background); border: 1px solid var(--border); border-radius: 6px;
    }
    .panel-live textarea:focus { outline: 2px solid var(--link); outline-offset: -1px; }
    .panel-live textarea[aria-invalid="true"] { border-color: var(--plot-4); }
    .panel-examples { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.6rem 0 0; }
    .panel-examples button {
      font: inherit; font-size: 0.88rem; padding: 0.2rem 0.7rem; cursor: pointer;
      color: var(--text); background: var(--background); border: 1px solid var(--border); border-radius: 999px;
    }
    .panel-examples button:hover { border-color: var(--link); color: var(--link); }
    .panel-error { min-height: 1.65em; margin: 0.4rem 0; color: var(--plot-4); font-size: 0.92rem; }
    .panel-result.stale { opacity: 0.45; }
    .panel-verdict { margin: 0 0 0.5rem; }
    .panel-bars { display: grid; grid-template-columns: max-content 1fr max-content; gap: 0.3rem 0.8rem; align-items: center; }
    .panel-bar { display: contents; }
    .panel-bar-label, .panel-bar-value { font-family: var(--mono); font-size: 0.86rem; }
    .panel-bar-track { height: 0.9rem; border-radius: 3px; background: var(--plot-grid); overflow: hidden; }
    .panel-bar-fill { display: block; height: 100%; }
    .panel-chart { margin-top: 1rem; overflow-x: auto; }
    .panel-chart svg { display: block; max-width: 100%; height: auto; font-family: var(--sans); }
    .panel-chart text { fill: var(--text); font-size: 11px; }
    .panel-chart .panel-value, .panel-chart .panel-tick { text-anchor: middle; font-variant-numeric: tabular-nums; }
    .panel-chart .panel-title { font-size: 13px; font-weight: 600; }
    .panel-chart .panel-tick, .panel-chart .panel-unit, .panel-chart .panel-legend { fill: var(--muted); }
    .panel-chart .panel-unit { text-anchor: end; font-size: 9px; }
    .panel-chart .panel-half { stroke: var(--muted); stroke-dasharray: 3 3; }
    .panel-chart .panel-base { stroke: var(--border); }
    .panel-chart .panel-frame { fill: none; stroke: var(--border); }
    .panel-chart .heat-positive { fill: var(--plot-5); }
    .panel-chart .heat-negative { fill: var(--plot-3); }
    @media print { .panel-live { display: none; } }

    """#
}
