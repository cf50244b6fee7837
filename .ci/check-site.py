#!/usr/bin/env python3
"""Checks a rendered site the way a reader's browser sees it.

Two passes over every page of SITE:
1. Static: every local href/src points to a file that exists, and every
   #fragment to an element with that id on the target page; no id is used
   twice on a page; every picture (<img>, <svg>) has a text alternative;
   no equation is left in a ```text block (it belongs in a ```math block).
2. In headless Chromium, over the DevTools protocol (on a pipe, so only the
   standard library is needed): each page is loaded from file://, and any
   console message, uncaught exception, browser log error or failed resource
   load fails the check.

3. When SITE has model.safetensors and --tutorial names the tutorial
   binary: the model in the page (window.dynamicRNN, see lstm.js) against
   `tutorial predict --json --weights SITE/model.safetensors` on 200
   generated sequences of each length 1 to 20 (same class, probabilities
   within 1e-6), and on invalid input (the same message); the panel answers
   as the reader types; the page without JavaScript keeps its fallback; and
   with --panel-screenshot PNG, the panel in the light theme in PNG and in the
   dark theme beside it (PNG with "-dark" before ".png").

With --self-test (and no SITE), every check runs on a page made to break
each of them, and the run fails if any check misses its break.

Usage: check-site.py SITE [--chromium PATH] [--tutorial PATH] [--panel-screenshot PNG]
       check-site.py --self-test [--chromium PATH]
Exit status 0 when every page is clean; each problem is printed as one line.
"""
import html.parser
import json
import os
import pathlib
import random
import subprocess
import tempfile
import sys
import time
import urllib.parse


class PageLinks(html.parser.HTMLParser):
    """The ids an HTML page defines and the href/src values it uses."""

    def __init__(self):
        super().__init__()
        self.ids, self.references = set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.references.append((tag, value, self.getpos()[0]))


def static_problems(site):
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parser = PageLinks()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = parser
    problems = []
    for path, parser in pages.items():
        for tag, value, line in parser.references:
            url = urllib.parse.urlsplit(value)
            if url.scheme or url.netloc:
                continue
            target = (path.parent / urllib.parse.unquote(url.path)).resolve() if url.path else path
            where = f"{path.relative_to(site.resolve())}:{line}: <{tag}> '{value}'"
            if not target.exists():
                problems.append(f"{where}: no file {target}")
            elif url.fragment and target in pages and url.fragment not in pages[target].ids:
                problems.append(f"{where}: no id '{url.fragment}' in {target.name}")
    return problems


class PageProse(html.parser.HTMLParser):
    """The text a reader reads as prose (outside code, pre, MathML, scripts and styles), block by block,
    with SVG <text> labels too: it must hold no raw pipe table, no raw TeX, no caret or underscore math."""

    SKIP = {"code", "pre", "math", "script", "style", "kbd", "samp", "textarea", "title", "desc"}
    BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt", "dd", "text",
              "blockquote", "summary", "caption"}
    import re
    PIPE_ROW = re.compile(r"\|\s*:?-{3,}:?\s*\|")
    TEX = re.compile(r"\\(frac|cdot|sum|sigma|partial|tanh|log|exp|mathrm|text|left|right|odot|times)\b|\$`|`\$")
    # e^100, e^-100, e^x, 2^n, x_0, W_h, h_{t-1}: a letter or digit, a caret or underscore, a short operand.
    SCRIPT = re.compile(r"(?<![\w./-])[A-Za-z0-9]\^[-+]?[{(]?\w|(?<![\w./-])[A-Za-z]_(\{|\w{1,2}\b)")

    def __init__(self):
        super().__init__()
        self.skip, self.problems, self.text, self.line = 0, [], "", 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.flush()
            self.line = self.getpos()[0]

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.text += data

    def flush(self):
        text, self.text = " ".join(self.text.split()), ""
        if not text:
            return
        if self.PIPE_ROW.search(text) or text.count(" | ") >= 3:
            self.problems.append(f"{self.line}: raw pipe-table text in prose: '{text[:80]}'")
        match = self.TEX.search(text)
        if match:
            self.problems.append(f"{self.line}: raw TeX in prose: '{match.group(0)}' in '{text[:80]}'")
        match = self.SCRIPT.search(text)
        if match:
            start = max(0, match.start() - 20)
            self.problems.append(f"{self.line}: caret or underscore math left untypeset: "
                                 f"'{text[start:match.end() + 10]}'")


def prose_problems(site):
    problems = []
    for path in sorted(site.rglob("*.html")):
        parser = PageProse()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        parser.flush()
        problems += [f"{path.relative_to(site)}:{problem}" for problem in parser.problems]
    return problems


class PageContent(html.parser.HTMLParser):
    """What a reader relies on in a page's content: ids used once, pictures with words, equations typeset."""

    # A line of a ```text block is an equation when it relates two sides and speaks mathematics.
    RELATIONS = ("=", "←", "≈", "≤", "≥")
    MATH = ("σ", "tanh", "·", "⊙", "_{", "^", "√", "∂", "Σ", "∑", "β", "ε", "ᵗ", "²", "⁻", "exp(", "log(",
            "ln ", "dL/", "dloss/", "/dz", "∇")

    def __init__(self):
        super().__init__()
        self.id_lines, self.problems = {}, []
        self.svg_depth, self.svg = 0, None     # the outermost <svg>: its attributes, line, whether it has a <title>
        self.figures = []                      # the classes of the <figure> elements the parser is inside
        self.text_block = None                 # the text of a <code class="language-text"> being read, and its line

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        line = self.getpos()[0]
        if attrs.get("id"):
            self.id_lines.setdefault(attrs["id"], []).append(line)
        if tag == "figure":
            self.figures.append((attrs.get("class") or "").split())
        if tag == "img" and not (attrs.get("alt") or "").strip() and attrs.get("role") != "presentation":
            self.problems.append(f"{line}: <img src='{attrs.get('src')}'> has no text alternative (alt)")
        if tag == "svg":
            if self.svg_depth == 0:
                self.svg = {"attrs": attrs, "line": line, "title": False, "desc": False,
                            "plot": any("plot" in classes for classes in self.figures)}
            self.svg_depth += 1
        elif tag == "title" and self.svg_depth == 1 and self.svg is not None:
            self.svg["title"] = True
        elif tag == "desc" and self.svg_depth == 1 and self.svg is not None:
            self.svg["desc"] = True
        if tag == "code" and "language-text" in (attrs.get("class") or "").split():
            self.text_block = {"line": line, "text": ""}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "figure" and self.figures:
            self.figures.pop()
        if tag == "svg" and self.svg_depth > 0:
            self.svg_depth -= 1
            if self.svg_depth == 0:
                self.check_svg(self.svg)
        if tag == "code" and self.text_block is not None:
            self.check_text_block(self.text_block)
            self.text_block = None

    def handle_data(self, data):
        if self.text_block is not None:
            self.text_block["text"] += data

    def check_svg(self, svg):
        attrs = svg["attrs"]
        if attrs.get("aria-hidden") == "true":
            return
        named = attrs.get("aria-label") or attrs.get("aria-labelledby") or svg["title"]
        if attrs.get("role") != "img" or not named:
            self.problems.append(f"{svg['line']}: an <svg> picture without a text alternative "
                                 f"(role=\"img\" with a <title> or aria-label)")
        elif svg["plot"] and not svg["desc"]:
            self.problems.append(f"{svg['line']}: a plot without a text alternative beyond its title "
                                 f"(a <desc> that says what it shows)")

    def check_text_block(self, block):
        for offset, text in enumerate(block["text"].splitlines()):
            if any(r in text for r in self.RELATIONS) and any(m in text for m in self.MATH):
                self.problems.append(f"{block['line'] + offset}: an equation in a ```text block, not typeset: "
                                     f"'{text.strip()}' (write it in a ```math block)")
                return

    def close(self):
        super().close()
        for ident, lines in sorted(self.id_lines.items()):
            if len(lines) > 1:
                self.problems.append(f"{lines[1]}: the id '{ident}' is used {len(lines)} times (lines "
                                     f"{', '.join(map(str, lines))})")


def content_problems(site):
    problems = []
    for path in sorted(site.rglob("*.html")):
        parser = PageContent()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        problems += [f"{path.relative_to(site)}:{problem}" for problem in parser.problems]
    return problems


class Browser:
    """Headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-separated JSON)."""

    def __init__(self, chromium):
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        # The child must see our pipe ends as fds 3 and 4.
        def wire():
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--user-data-dir=" + os.environ.get("CHECK_SITE_PROFILE", "/tmp/check-site-profile"),
             "about:blank"],
            preexec_fn=wire, pass_fds=(3, 4),  # kept open through exec; wire() fills them
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer, self.next_id, self.events = b"", 0, []

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        reply = self.wait(lambda m: m.get("id") == self.next_id, timeout, f"reply to {method}")
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait(self, matches, timeout, what):
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if matches(message):
                    return message
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {what} within {timeout} s")
            import select
            ready, _, _ = select.select([self.from_browser], [], [], 0.5)
            if ready:
                chunk = os.read(self.from_browser, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self.buffer += chunk

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def browser_problems(site, chromium, tutorial=None, panel_screenshot=None):
    problems = []
    browser = Browser(chromium)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        for path in sorted(site.rglob("*.html")):
            name = path.relative_to(site)
            browser.events.clear()
            browser.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
            browser.wait(lambda m: m.get("method") == "Page.loadEventFired", 30, f"load event for {name}")
            time.sleep(0.2)  # late console messages
            urls = {e["params"]["requestId"]: e["params"]["request"]["url"]
                    for e in browser.events if e.get("method") == "Network.requestWillBeSent"}
            for event in browser.events:
                method, params = event.get("method"), event.get("params", {})
                if method == "Runtime.consoleAPICalled":
                    text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                    problems.append(f"{name}: console.{params.get('type')}: {text}")
                elif method == "Runtime.exceptionThrown":
                    details = params.get("exceptionDetails", {})
                    problems.append(f"{name}: uncaught exception: "
                                    f"{details.get('exception', {}).get('description', details.get('text'))}")
                elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning") \
                        and params["entry"].get("source") != "network":  # reported below, with the URL
                    entry = params["entry"]
                    problems.append(f"{name}: {entry['level']}: {entry['text']} {entry.get('url', '')}".rstrip())
                elif method == "Network.loadingFailed" and not params.get("canceled"):
                    url = urls.get(params.get("requestId"), "?")
                    problems.append(f"{name}: failed to load {url}: {params.get('errorText')}")
        problems += layout_problems(site, browser, session)
        problems += print_problems(site, browser, session)
        problems += search_problems(site, browser, session)
        if tutorial and (site / "model.safetensors").exists():
            browser.events.clear()
            problems += model_problems(site, browser, session, tutorial, panel_screenshot)
            problems += [f"model check: uncaught exception: {e['params']['exceptionDetails'].get('text')}"
                         for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
    finally:
        browser.close()
    return problems


def evaluate_in(browser, session, expression):
    reply = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                              "awaitPromise": True}, session=session, timeout=60)
    if "exceptionDetails" in reply:
        raise RuntimeError(reply["exceptionDetails"].get("exception", {}).get("description", "exception"))
    return reply["result"].get("value")


def navigate(browser, session, url, what):
    browser.events.clear()
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait(lambda m: m.get("method") == "Page.loadEventFired", 30, f"load event for {what}")
    time.sleep(0.3)  # fonts and MathML layout


# What a page must do at each width: at 1280 px no display formula is wider
# than its column (cut behind a scroll bar); at a 390-px phone the page never
# scrolls sideways (a formula or table may scroll inside its own box) and no
# text in a picture is smaller than 9 px as drawn.
LAYOUT_CHECK = """(() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px in ${window.innerWidth})`);
  if (window.innerWidth >= 1000) {
    document.querySelectorAll(".math-display").forEach((box, i) => {
      if (box.scrollWidth > box.clientWidth + 1)
        problems.push(`display formula ${i + 1} is ${box.scrollWidth} px wide in a ${box.clientWidth}-px column`);
    });
  } else {
    for (const text of document.querySelectorAll("svg text")) {
      if (text.getClientRects().length === 0 || text.closest("details:not([open])")) continue;
      const svg = text.ownerSVGElement, ctm = svg && svg.getScreenCTM();
      if (!ctm) continue;
      const drawn = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
      if (drawn < 9) {
        const where = (svg.closest("figure, .model-panel") || svg).className.baseVal ?? svg.closest("figure, .model-panel").className;
        problems.push(`text "${text.textContent.trim().slice(0, 30)}" drawn at ${drawn.toFixed(1)} px in ${where || "a picture"}`);
        if (problems.length > 3) break;
      }
    }
  }
  return problems;
})()"""


# On paper nothing can scroll: a box that would scroll on screen prints a scrollbar and hides the rest.
PRINT_CHECK = """(() => {
  const problems = [];
  for (const box of document.querySelectorAll("body *")) {
    const style = getComputedStyle(box);
    if (style.display === "none" || box.closest("details:not([open])")) continue;
    const scrolls = [style.overflowX, style.overflowY].some(o => o === "auto" || o === "scroll");
    if (scrolls && (box.scrollWidth > box.clientWidth + 1 || style.overflowX === "scroll" || style.overflowY === "scroll"))
      problems.push(`${box.tagName.toLowerCase()}.${box.className.baseVal ?? box.className} would print a scrollbar ` +
                    `(${box.scrollWidth} px in ${box.clientWidth})`);
    if (problems.length > 3) break;
  }
  return problems;
})()"""


def print_problems(site, browser, session):
    if not (site / "print.html").exists():
        return []
    browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
    # A Letter page's printable width at 96 px to the inch, as Chromium prints it.
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": 720, "height": 960, "deviceScaleFactor": 1, "mobile": False}, session=session)
    try:
        navigate(browser, session, (site / "print.html").resolve().as_uri(), "print.html")
        return [f"print.html printed: {p}" for p in evaluate_in(browser, session, PRINT_CHECK)]
    finally:
        browser.send("Emulation.setEmulatedMedia", {"media": ""}, session=session)
        browser.send("Emulation.clearDeviceMetricsOverride", {}, session=session)


def layout_problems(site, browser, session):
    problems = []
    for width, mobile in ((1280, False), (390, True)):
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile}, session=session)
        for path in sorted(site.glob("*.html")):
            navigate(browser, session, path.resolve().as_uri(), path.name)
            problems += [f"{path.name} at {width} px: {p}" for p in evaluate_in(browser, session, LAYOUT_CHECK)]
    browser.send("Emulation.clearDeviceMetricsOverride", {}, session=session)
    return problems


# Search, as a reader uses it: type a query on the front page, follow the
# first result, and land on the section it names.
SEARCH_QUERY = "forget gate"


def search_problems(site, browser, session):
    index = site / "index.html"
    if not (site / "search-index.js").exists():
        return []
    navigate(browser, session, index.resolve().as_uri(), index.name)
    href = evaluate_in(browser, session, """(async () => {
      const input = document.getElementById("search-input");
      if (!input) return "no search box";
      input.focus();
      input.value = %s;
      input.dispatchEvent(new Event("input"));
      await new Promise((r) => setTimeout(r, 100));
      const first = document.querySelector("#search-results a");
      return first ? first.getAttribute("href") : "no results";
    })()""" % json.dumps(SEARCH_QUERY))
    if not href or "#" not in href:
        return [f"search for {SEARCH_QUERY!r}: {href}"]
    page, anchor = href.split("#", 1)
    target = site / page
    if not target.exists():
        return [f"search for {SEARCH_QUERY!r}: the first result links to {href}, which does not exist"]
    navigate(browser, session, target.resolve().as_uri() + "#" + anchor, href)
    landed = evaluate_in(browser, session, """(() => {
      const heading = document.getElementById(%s);
      if (!heading) return "no element with that id";
      const text = (heading.closest("section") || heading.parentElement).textContent.toLowerCase();
      return %s.split(" ").every((t) => text.includes(t)) || heading.textContent.toLowerCase().includes(%s.split(" ")[0])
        ? "ok" : "the section does not mention the query";
    })()""" % (json.dumps(anchor), json.dumps(SEARCH_QUERY), json.dumps(SEARCH_QUERY)))
    print(f"check-site: search for {SEARCH_QUERY!r} leads to {href}: {landed}")
    return [] if landed == "ok" else [f"search for {SEARCH_QUERY!r}: {href}: {landed}"]


# The model in the page against `tutorial predict`: the contract is the same
# class and probabilities within this distance (the page cannot repeat the
# engine's vectorised exp bit for bit).
TOLERANCE = 1e-6
SEQUENCES_PER_LENGTH = 200

# Lines predict refuses, each alone on its input: the page must refuse them
# with the same message. And lines it accepts in unusual spellings, which the
# page must read as the same numbers.
INVALID_LINES = ["", "   ", ",", "1,,2", "1,2,", ", 5", "abc", "4617 x 4619", "nan", "-inf", "+Infinity",
                 "0x10", "1e", ".", "1.2.3", "--5", "-1", "10000", "9999.5 10000.5", "1e4", "1e400", "9999.99999999999999999999", "10000.000",
                 " ".join(["7"] * 21), " ".join(["7"] * 20) + " abc"]
UNUSUAL_LINES = ["4617,4618,4619", "4617 4618\t4619", " 12 , 13 14 ,15 ", "1e3, 1.5e3", ".5 5. +7 -0",
                 "9999.999", "0"]


def generated_sequences(length, count, rng):
    """Half linear runs (as the generator draws them), half random values; one in five with decimals."""
    sequences = []
    for n in range(count):
        if n % 2 == 0:
            start = rng.randrange(0, 10000 - length + 1)
            values = list(range(start, start + length))
        else:
            values = [rng.randrange(0, 10000) for _ in range(length)]
        if n % 5 == 4:
            values = [min(9999.99, v + rng.randrange(0, 100) / 100) for v in values]
        sequences.append(values)
    return sequences


def line_of(values, rng):
    """A sequence as a line of predict's input, with commas, spaces or both between the values."""
    text = str(values[0])
    for v in values[1:]:
        text += rng.choice([", ", ",", " ", "  "]) + str(v)
    return text


def predict_cli(tutorial, weights, text):
    """`tutorial predict --json --weights WEIGHTS` on `text`: (answers, error message)."""
    result = subprocess.run([tutorial, "predict", "--json", "--weights", str(weights)], input=text,
                            capture_output=True, text=True, timeout=120)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    error = result.stderr.strip()
    # ArgumentParser prints "Error: <stdin>:LINE: message"; the page has no file or line to name.
    for prefix in ("Error: ",):
        error = error[len(prefix):] if error.startswith(prefix) else error
    if error.startswith("<stdin>:"):
        error = error.split(": ", 1)[1]
    return answers, (error if result.returncode != 0 else None)


def model_problems(site, browser, session, tutorial, panel_screenshot):
    problems, weights = [], site / "model.safetensors"
    pages = [p for p in sorted(site.glob("*.html")) if 'class="model-panel"' in p.read_text(encoding="utf-8")]
    if not pages:
        return [f"{weights.name} is in the site, but no page has a model panel"]

    def evaluate(expression):
        reply = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                  "awaitPromise": True}, session=session, timeout=120)
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"].get("exception", {}).get("description", "exception"))
        return reply["result"].get("value")

    def load(page):
        browser.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
        browser.wait(lambda m: m.get("method") == "Page.loadEventFired", 30, f"load event for {page.name}")

    load(pages[0])
    rng = random.Random(14)
    sequences = [s for length in range(1, 21) for s in generated_sequences(length, SEQUENCES_PER_LENGTH, rng)]
    lines = [line_of(s, rng) for s in sequences]
    expected, error = predict_cli(tutorial, weights, "\n".join(lines) + "\n")
    if error or len(expected) != len(sequences):
        return [f"tutorial predict failed on the generated sequences: {error}"]
    # Each sequence as an array of numbers and as the line predict read.
    answers = evaluate("(() => { const s = %s, l = %s; return s.map((v, i) => "
                       "[window.dynamicRNN.predict(v), window.dynamicRNN.predict(l[i])]); })()"
                       % (json.dumps(sequences), json.dumps(lines)))
    largest, worst = 0.0, None
    for values, line, (from_array, from_line), swift in zip(sequences, lines, answers, expected):
        if from_array != from_line:
            problems.append(f"{pages[0].name}: predict({values}) and predict({line!r}) differ")
        difference = max(abs(a - b) for a, b in zip(from_array["probabilities"], swift["probabilities"]))
        if difference > largest:
            largest, worst = difference, values
        if from_array["class"] != swift["class"] or difference > TOLERANCE:
            problems.append(f"{pages[0].name}: {line}: the page says {from_array}, tutorial predict {swift}")
    print(f"check-site: the page's model against tutorial predict on {len(sequences)} sequences "
          f"(lengths 1-20): largest probability difference {largest:.3g} (at {worst})")

    for line in UNUSUAL_LINES:
        swift, error = predict_cli(tutorial, weights, line + "\n")
        page = evaluate("window.dynamicRNN.predict(%s)" % json.dumps(line))
        if error or page["class"] != swift[0]["class"] or \
                max(abs(a - b) for a, b in zip(page["probabilities"], swift[0]["probabilities"])) > TOLERANCE:
            problems.append(f"{pages[0].name}: {line!r}: the page says {page}, tutorial predict {swift or error}")
    messages = evaluate("%s.map(l => { try { window.dynamicRNN.predict(l); return null; } "
                        "catch (e) { return e.message; } })" % json.dumps(INVALID_LINES))
    for line, message in zip(INVALID_LINES, messages):
        _, error = predict_cli(tutorial, weights, line + "\n")
        if message != error or error is None:
            problems.append(f"{pages[0].name}: {line!r}: the page says {message!r}, tutorial predict {error!r}")
    # Arrays of numbers are checked as the same numbers written on a line.
    for values, line in [([], ""), ([-1], "-1"), ([10000], "10000"), ([1.5, 2.5e4], "1.5 25000"), ([7] * 21, " ".join(["7"] * 21))]:
        message = evaluate("(() => { try { window.dynamicRNN.predict(%s); return null; } "
                           "catch (e) { return e.message; } })()" % json.dumps(values))
        _, error = predict_cli(tutorial, weights, line + "\n")
        if message != error or error is None:
            problems.append(f"{pages[0].name}: predict({values}): the page says {message!r}, tutorial predict {error!r}")

    for page in pages:
        problems += panel_problems(page, load, evaluate, tutorial, weights)
    if panel_screenshot:
        screenshot_panel(browser, session, load, evaluate, pages[0], panel_screenshot)
    # Without JavaScript the page keeps its fallback: the command line and the weights.
    browser.send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
    try:
        for page in pages:
            load(page)
            state = evaluate("[...document.querySelectorAll('.model-panel')].map(p => "
                             "[p.querySelector('.panel-live') !== null, p.textContent.includes('predict'), "
                             "p.querySelector('a[href=\"model.safetensors\"]') !== null])")
            if not state or any(live or not command or not link for live, command, link in state):
                problems.append(f"{page.name}: without JavaScript the model panel lacks its fallback: {state}")
    finally:
        browser.send("Emulation.setScriptExecutionDisabled", {"value": False}, session=session)
    return problems


def panel_problems(page, load, evaluate, tutorial, weights):
    """Types into the panel as a reader would, and reads what it shows."""
    load(page)
    problems = []
    type_into = ("(text => { const input = document.querySelector('.model-panel textarea'); input.value = text; "
                 "input.dispatchEvent(new Event('input')); const panel = input.closest('.model-panel'); return {"
                 "error: panel.querySelector('.panel-error').textContent, "
                 "verdict: panel.querySelector('.panel-verdict').textContent, "
                 "values: [...panel.querySelectorAll('.panel-bar-value')].map(e => e.textContent), "
                 "prefixes: panel.querySelectorAll('.panel-chart rect.class-0, .panel-chart rect.class-1').length, "
                 "cells: panel.querySelectorAll('.panel-chart rect.heat-positive:not(.swatch), .panel-chart rect.heat-negative:not(.swatch)').length,"
                 "stale: panel.querySelector('.panel-result').classList.contains('stale') }; })")
    shown = evaluate(type_into + "('3, 4, 5, 6, 7')")
    swift, _ = predict_cli(tutorial, weights, "3, 4, 5, 6, 7\n")
    if not shown:
        return [f"{page.name}: the model panel has no text field"]
    want = [f"{p:.6f}" for p in swift[0]["probabilities"]]
    if shown["error"] or swift[0]["class"] not in shown["verdict"] or shown["values"] != want \
            or shown["prefixes"] != 5 or shown["cells"] != 5 * 32 or shown["stale"]:
        problems.append(f"{page.name}: typing 3, 4, 5, 6, 7 shows {shown}; tutorial predict says {swift[0]}")
    shown = evaluate(type_into + "('3, 4, 5, 6, x')")
    _, error = predict_cli(tutorial, weights, "3, 4, 5, 6, x\n")
    if shown["error"] != error or not shown["stale"]:
        problems.append(f"{page.name}: typing 3, 4, 5, 6, x shows {shown}; tutorial predict says {error!r}")
    return problems


def screenshot_panel(browser, session, load, evaluate, page, path):
    """The panel of `page` as a PNG in each theme, at the size of a laptop's window."""
    import base64
    browser.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 1000, "deviceScaleFactor": 1,
                                                        "mobile": False}, session=session)
    for theme, output in (("light", path), ("dark", path.with_name(path.stem + "-dark" + path.suffix))):
        browser.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": theme}]},
                     session=session)
        load(page)
        margin = 12
        box = evaluate("(() => { const panel = document.querySelector('.model-panel'); panel.scrollIntoView(); "
                       "scrollBy(0, -%d); const r = panel.getBoundingClientRect(); "
                       "return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()" % margin)
        shot = browser.send("Page.captureScreenshot", {"format": "png", "clip": {
            "x": box[0] - margin, "y": box[1] - margin, "width": box[2] + 2 * margin,
            "height": box[3] + 2 * margin, "scale": 1}}, session=session)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(base64.b64decode(shot["data"]))
        print(f"check-site: the model panel of {page.name} in the {theme} theme in {output}")
    browser.send("Emulation.setEmulatedMedia", {"features": []}, session=session)
    browser.send("Emulation.clearDeviceMetricsOverride", session=session)


# One page with each thing the checks must catch, and what each check says about it.
BROKEN_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>broken</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:0 1rem">
<p>| what | time | | --- | --- | | packing | 3 |</p>
<p>The page shows \\frac{n-1}{n+1} \\cdot 10000 as typed.</p>
<p>A logit of 100 gives e^100, which overflows.</p>
<figure class="plot"><svg role="img" viewBox="0 0 10 10"><title>Loss</title><path d="M0 0L10 10"/></svg></figure>
<div class="math-display" style="overflow-x:auto"><div style="width:1600px">a formula wider than its column</div></div>
<figure class="diagram"><svg role="img" viewBox="0 0 1000 60" style="width:100%"><title>Tiny</title>
<text x="0" y="40" font-size="10">tiny text</text></svg></figure>
<pre style="overflow-x:auto"><code>""" + "x" * 400 + """</code></pre>
</body></html>
"""
EXPECTED = {
    "raw pipe text": "raw pipe-table text in prose",
    "raw TeX": "raw TeX in prose",
    "caret math": "caret or underscore math left untypeset",
    "plot without a text alternative": "a plot without a text alternative",
    "display formula wider than its column at 1280 px": "display formula 1 is",
    "SVG text under 9 px at 390 px": "drawn at",
    "a print stylesheet showing scrollbars": "would print a scrollbar",
}


def self_test(chromium):
    """Runs every check on a page made to break each of them; fails if a check misses its break."""
    with tempfile.TemporaryDirectory() as folder:
        site = pathlib.Path(folder)
        (site / "print.html").write_text(BROKEN_PAGE, encoding="utf-8")
        problems = static_problems(site) + content_problems(site) + prose_problems(site) + browser_problems(site, chromium)
    missed = [what for what, message in EXPECTED.items() if not any(message in p for p in problems)]
    for what, message in EXPECTED.items():
        found = next((p for p in problems if message in p), None)
        print(f"check-site self-test: {what}: {'caught: ' + found if found else 'MISSED'}")
    return 1 if missed else 0


def main():
    args = sys.argv[1:]
    if args[:1] == ["--self-test"]:
        chromium = args[2] if args[1:2] == ["--chromium"] and len(args) > 2 else "chromium"
        return self_test(chromium)
    options = {"--chromium": "chromium", "--tutorial": None, "--panel-screenshot": None}
    for option in options:
        if option in args:
            i = args.index(option)
            options[option] = args[i + 1] if i + 1 < len(args) else None
            del args[i:i + 2]
    chromium, tutorial = options["--chromium"], options["--tutorial"]
    panel_screenshot = pathlib.Path(options["--panel-screenshot"]) if options["--panel-screenshot"] else None
    if len(args) != 1 or not pathlib.Path(args[0]).is_dir():
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    site = pathlib.Path(args[0])
    pages = sorted(site.rglob("*.html"))
    if not pages:
        print(f"check-site: no HTML pages in {site}", file=sys.stderr)
        return 1
    if (site / "model.safetensors").exists() and not tutorial:
        print("check-site: the site has model.safetensors; pass --tutorial PATH to check the page's model", file=sys.stderr)
        return 2
    problems = static_problems(site) + content_problems(site) + prose_problems(site) + browser_problems(site, chromium, tutorial, panel_screenshot)
    for problem in problems:
        print(f"check-site: {problem}", file=sys.stderr)
    print(f"check-site: {len(pages)} pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
