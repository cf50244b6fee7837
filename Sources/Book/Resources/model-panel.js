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

    // The heatmap: unit u after timestep t, its hue the sign of h, its strength |h| (h lies in (-1, 1)),
    // on the scale and in the colours of the chapter's heatmaps.
    text(0, heatTop - 12, "panel-title", `The hidden state h after each value (${H} units)`);
    for (let u = 0; u < H; u++) {
      if (u % 4 === 0) text(left - 6, heatTop + u * cell + cell - 1, "panel-unit", `h[${u}]`);
      result.states.forEach((h, t) => {
        chart.append(svg("rect", { x: left + t * column, y: heatTop + u * cell, width: column, height: cell,
          class: h[u] >= 0 ? "heat-positive" : "heat-negative",
          "fill-opacity": Math.min(1, Math.abs(h[u])).toFixed(3) },
        svg("title", {}, `h[${u}] after value ${t + 1}: ${h[u].toFixed(4)}`)));
      });
    }
    chart.append(svg("rect", { x: left, y: heatTop, width: n * column, height: H * cell, class: "panel-frame" }));
    // The legend: one swatch per sign, and what the shade means.
    const legendY = heatTop + H * cell + 12;
    chart.append(svg("rect", { x: left, y: legendY, width: 12, height: 12, class: "heat-negative swatch" }));
    text(left + 16, legendY + 10, "panel-legend", "h < 0");
    chart.append(svg("rect", { x: left + 64, y: legendY, width: 12, height: 12, class: "heat-positive swatch" }));
    text(left + 80, legendY + 10, "panel-legend", "h > 0, the fainter the nearer 0");
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
