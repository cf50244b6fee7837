/// The site's one stylesheet, written as `style.css`.
///
/// Light and dark themes follow the reader's system setting through
/// `prefers-color-scheme`; every colour is a custom property so the two
/// themes differ in one block each, and plots take their line colours from
/// the same properties. No web fonts: the system's own sans-serif and
/// monospaced fonts, so pages work offline from `file://`.
enum Stylesheet {
    static let css = """
    :root {
      color-scheme: light dark;
      --text: #1f2328;
      --muted: #59636e;
      --background: #ffffff;
      --sidebar: #f6f8fa;
      --border: #d8dee4;
      --link: #0b62c9;
      --current: #e7effa;
      --code-background: #f5f7f9;
      --output-background: #fbfaf6;
      --output-edge: #d4a72c;
      --table-stripe: #f6f8fa;
      --hl-keyword: #ad1f8c;
      --hl-type: #5b2bb5;
      --hl-function: #266f78;
      --hl-string: #b3261e;
      --hl-number: #1c2fc4;
      --hl-comment: #667380;
      --hl-operator: #4a4f55;
      --hl-attribute: #8a5a00;
      --plot-1: #1f6fd1;
      --plot-2: #e06c00;
      --plot-3: #2a9d3f;
      --plot-4: #d1343a;
      --plot-5: #8250df;
      --plot-6: #8c5a3c;
      --plot-grid: #e4e8ec;
      --heat-positive: #d4580f;
      --heat-negative: #1f6fd1;
      --heat-sequential: #5b2bb5;
      --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", "Liberation Sans",
        Arial, sans-serif;
      --mono: ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono",
        monospace;
    }

    @media screen and (prefers-color-scheme: dark) {
      :root {
        --text: #e3e6ea;
        --muted: #9aa4b0;
        --background: #16181d;
        --sidebar: #1c1f25;
        --border: #30353e;
        --link: #79b8ff;
        --current: #253144;
        --code-background: #1f232a;
        --output-background: #201f1a;
        --output-edge: #b08a2e;
        --table-stripe: #1c1f25;
        --hl-keyword: #ff7ab2;
        --hl-type: #d0a8ff;
        --hl-function: #67c7b4;
        --hl-string: #ff8f80;
        --hl-number: #d9c97c;
        --hl-comment: #8b98a5;
        --hl-operator: #c8ccd2;
        --hl-attribute: #e0a86a;
        --plot-1: #6cb6ff;
        --plot-2: #ffa657;
        --plot-3: #7ee787;
        --plot-4: #ff7b72;
        --plot-5: #d2a8ff;
        --plot-6: #e3b341;
        --plot-grid: #2b3038;
      --heat-positive: #ff9a4d;
      --heat-negative: #5aa9ff;
      --heat-sequential: #c19cff;
      }
    }

    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body {
      margin: 0;
      background: var(--background);
      color: var(--text);
      font-family: var(--sans);
      font-size: 17px;
      line-height: 1.65;
    }
    a { color: var(--link); text-decoration: none; }
    a:hover { text-decoration: underline; }

    /* Layout: sidebar on the left, one readable column of text. */
    .layout { display: grid; grid-template-columns: 17rem minmax(0, 1fr); min-height: 100vh; }
    .sidebar {
      position: sticky; top: 0; height: 100vh; overflow-y: auto;
      background: var(--sidebar); border-right: 1px solid var(--border);
      padding: 1.5rem 1rem; font-size: 0.95rem;
    }
    .book-title { display: block; font-weight: 700; font-size: 1.05rem; color: var(--text); padding: 0 0.6rem 1rem; }
    .chapter-list { list-style: none; margin: 0; padding: 0; }
    .chapter-list a { display: block; padding: 0.35rem 0.6rem; border-radius: 6px; color: var(--text); }
    .chapter-list a:hover { background: var(--current); text-decoration: none; }
    .chapter-list a.current { background: var(--current); color: var(--link); font-weight: 600; }
    .chapter-number { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 0.15rem; }
    .current .chapter-number { color: inherit; }

    .content { padding: 2.5rem 2rem 4rem; }
    .chapter, .pager { max-width: 46rem; margin: 0 auto; }

    /* Text. */
    h1, h2, h3, h4 { line-height: 1.25; margin: 2.2rem 0 0.8rem; font-weight: 650; }
    h1 { font-size: 2.1rem; margin-top: 0.5rem; letter-spacing: -0.01em; }
    h2 { font-size: 1.55rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--border); }
    h3 { font-size: 1.25rem; }
    h4 { font-size: 1.05rem; }
    p, ul, ol, dl, blockquote, table { margin: 0 0 1.1rem; }
    li + li { margin-top: 0.25rem; }
    blockquote { margin-left: 0; padding: 0.2rem 1rem; border-left: 4px solid var(--border); color: var(--muted); }
    hr { border: 0; border-top: 1px solid var(--border); margin: 2rem 0; }
    img { max-width: 100%; }
    .anchor { margin-left: 0.4rem; font-weight: 400; color: var(--muted); opacity: 0.35; }
    h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, h4:hover .anchor, .anchor:focus { opacity: 1; }
    .anchor:hover { text-decoration: none; color: var(--link); }

    /* Code: chapter code, highlighted sources and captured text. */
    code, pre { font-family: var(--mono); font-size: 0.88em; }
    :not(pre) > code { background: var(--code-background); border: 1px solid var(--border); border-radius: 4px; padding: 0.1em 0.3em; }
    pre {
      margin: 0 0 1.2rem; padding: 0.9rem 1.1rem; overflow-x: auto;
      background: var(--code-background); border: 1px solid var(--border); border-radius: 8px;
      line-height: 1.5; font-size: 0.84rem; tab-size: 4;
    }
    pre code { font-size: inherit; }
    pre.output { background: var(--output-background); border-left: 4px solid var(--output-edge); }
    .hl-keyword { color: var(--hl-keyword); font-weight: 600; }
    .hl-type { color: var(--hl-type); }
    .hl-function { color: var(--hl-function); }
    .hl-string { color: var(--hl-string); }
    .hl-number { color: var(--hl-number); }
    .hl-comment { color: var(--hl-comment); font-style: italic; }
    .hl-operator { color: var(--hl-operator); }
    .hl-attribute { color: var(--hl-attribute); }

    /* Mathematics: MathML Core, drawn by the browser. A wide formula scrolls rather than widening the page. */
    math { font-size: 1.05em; }
    .math-display { overflow-x: auto; overflow-y: hidden; margin: 0 0 1.2rem; padding: 0.2rem 0; }
    .math-display math { font-size: 1.12em; }
    mtable.aligned > mtr > mtd { padding-left: 0; padding-right: 0; }
    mtable.aligned > mtr > mtd:nth-child(odd) { text-align: right; }
    mtable.aligned > mtr > mtd:nth-child(even) { text-align: left; padding-right: 1.5em; }
    mtable.cases > mtr > mtd { text-align: left; padding-left: 0; padding-right: 1em; }

    /* Tables, from the chapters' Markdown and from captured outputs. */
    .table-frame { overflow-x: auto; margin: 0 0 1.2rem; }
    .table-frame table { margin: 0; }
    table { border-collapse: collapse; font-size: 0.92rem; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.4rem 0.8rem; border-bottom: 1px solid var(--border); text-align: left; }
    th { font-weight: 600; border-bottom-width: 2px; }
    tbody tr:nth-child(even) { background: var(--table-stripe); }
    td.number, th.number { text-align: right; }
    td.number { font-family: var(--mono); font-size: 0.86rem; }

    /* Plots: the SVG brings shapes and classes, the colours come from here. */
    figure.plot { margin: 0 0 1.4rem; }
    figure.plot svg { display: block; width: 100%; height: auto; color: var(--text); font-family: var(--sans); }
    .plot .plot-title { font-size: 15px; font-weight: 600; fill: currentColor; }
    .plot .tick, .plot .legend, .plot .axis-label { font-size: 13px; fill: currentColor; }
    .plot .tick { fill: var(--muted); font-variant-numeric: tabular-nums; }
    .plot .axis { stroke: currentColor; stroke-width: 1; fill: none; }
    .plot .grid { stroke: var(--plot-grid); stroke-width: 1; }
    .plot .series { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
    .plot .dot { stroke: none; }
    .plot .series-1 { stroke: var(--plot-1); } .plot .dot.series-1 { fill: var(--plot-1); }
    .plot .series-2 { stroke: var(--plot-2); } .plot .dot.series-2 { fill: var(--plot-2); }
    .plot .series-3 { stroke: var(--plot-3); } .plot .dot.series-3 { fill: var(--plot-3); }
    .plot .series-4 { stroke: var(--plot-4); } .plot .dot.series-4 { fill: var(--plot-4); }
    .plot .series-5 { stroke: var(--plot-5); } .plot .dot.series-5 { fill: var(--plot-5); }
    .plot .series-6 { stroke: var(--plot-6); } .plot .dot.series-6 { fill: var(--plot-6); }

    /* Heatmaps: cells filled with a theme colour, their strength as fill-opacity over the background. */
    figure.heatmap { margin: 0 0 1.4rem; }
    .heatmap-frame { overflow-x: auto; }
    figure.heatmap svg { display: block; max-width: 100%; height: auto; color: var(--text); font-family: var(--sans); }
    .heatmap .plot-title { font-size: 15px; font-weight: 600; fill: currentColor; }
    .heatmap .tick { font-size: 11px; fill: var(--muted); font-variant-numeric: tabular-nums; }
    .heatmap .axis-label { font-size: 13px; fill: currentColor; }
    .heatmap .pos { fill: var(--heat-positive); }
    .heatmap .neg { fill: var(--heat-negative); }
    .heatmap .seq { fill: var(--heat-sequential); }
    .heatmap .missing { fill: var(--plot-grid); }
    .heatmap .frame { fill: none; stroke: var(--border); stroke-width: 1; }
    .heatmap details { font-size: 0.9rem; }
    .heatmap summary { cursor: pointer; color: var(--muted); }

    /* The index page: contents and the summary of the run. */
    .contents ol { padding-left: 1.4rem; }
    .contents .chapter-number { display: none; }
    .run-summary dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.5rem; }
    .run-summary dl > div { display: contents; }
    .run-summary dt { color: var(--muted); }
    .run-summary dd { margin: 0; font-variant-numeric: tabular-nums; }

    /* Previous and next. */
    .pager { display: flex; gap: 1rem; margin-top: 3rem; padding-top: 1.5rem; border-top: 1px solid var(--border); }
    .pager a { flex: 1; display: flex; flex-direction: column; padding: 0.7rem 1rem; border: 1px solid var(--border); border-radius: 8px; }
    .pager a:hover { border-color: var(--link); text-decoration: none; }
    .pager .next { text-align: right; margin-left: auto; }
    .pager .direction { font-size: 0.82rem; color: var(--muted); }
    .pager .page-title { font-weight: 600; }
    .pager .chapter-number { color: inherit; }

    /* Phones: the chapter list comes first, above the text. */
    @media (max-width: 56rem) {
      .layout { display: block; }
      .sidebar { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--border); padding: 1rem; }
      .book-title { padding-bottom: 0.5rem; }
      .chapter-list { display: flex; flex-wrap: wrap; gap: 0.2rem; }
      .chapter-list a { padding: 0.25rem 0.55rem; }
      .content { padding: 1.5rem 1rem 3rem; }
      h1 { font-size: 1.75rem; }
      .pager { flex-direction: column; }
      /* A plot keeps a legible size and scrolls sideways rather than shrinking its labels away. */
      figure.plot { overflow-x: auto; }
      figure.plot svg { min-width: 36rem; }
      figure.heatmap svg { max-width: none; }
    }

    /* Paper: no navigation, black on white, code wrapped rather than cut. */
    @media print {
      .sidebar, .pager, .anchor { display: none; }
      .layout { display: block; }
      .content { padding: 0; }
      .chapter { max-width: none; }
      body { background: #fff; color: #000; font-size: 11pt; }
      pre { white-space: pre-wrap; break-inside: avoid; }
      figure.plot, table { break-inside: avoid; }
      h1, h2, h3 { break-after: avoid; }
      a { color: inherit; }
    }

    """
}
