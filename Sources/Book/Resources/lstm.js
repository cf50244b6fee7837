// The trained model of chapter 6, run in the page: Masking(-1) → LSTM(32) → Dense(2) → softmax.
//
// model-weights.js sets window.dynamicRNNModel to the bytes of model.safetensors
// (the file `tutorial predict --weights` reads) in base64: a classic <script src>
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
    if (!(v >= 0 && v < maxValue)) {
      // 9999.99999999999999999999 is below 10000, but not as a 64-bit number: say so, as predict does.
      const rounded = v === maxValue && !isExactly(token, maxValue) ? ` (it rounds to ${maxValue})` : "";
      throw new Error(messages.outOfRange(token + rounded));
    }
    return v;
  }

  // Whether the decimal token is exactly n, compared as digits (as SequenceInput.isExactly does).
  function isExactly(token, n) {
    let text = token.toLowerCase().replace(/^\+/, "");
    let exponent = 0;
    const e = text.indexOf("e");
    if (e >= 0) { exponent = parseInt(text.slice(e + 1), 10); text = text.slice(0, e); }
    let fraction = 0;
    const point = text.indexOf(".");
    if (point >= 0) { fraction = text.length - point - 1; text = text.slice(0, point) + text.slice(point + 1); }
    const digits = text.replace(/^0+/, "");
    const scale = fraction - exponent;
    if (!(Math.abs(scale) < 10000)) return false;
    return scale >= 0 ? digits === String(n) + "0".repeat(scale) : digits + "0".repeat(-scale) === String(n);
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
