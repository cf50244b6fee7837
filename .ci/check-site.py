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

Usage: check-site.py SITE [--chromium PATH]
Exit status 0 when every page is clean; each problem is printed as one line.
"""
import html.parser
import json
import os
import pathlib
import subprocess
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
        self.text_block = None                 # the text of a <code class="language-text"> being read, and its line

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        line = self.getpos()[0]
        if attrs.get("id"):
            self.id_lines.setdefault(attrs["id"], []).append(line)
        if tag == "img" and not (attrs.get("alt") or "").strip() and attrs.get("role") != "presentation":
            self.problems.append(f"{line}: <img src='{attrs.get('src')}'> has no text alternative (alt)")
        if tag == "svg":
            if self.svg_depth == 0:
                self.svg = {"attrs": attrs, "line": line, "title": False}
            self.svg_depth += 1
        elif tag == "title" and self.svg_depth == 1 and self.svg is not None:
            self.svg["title"] = True
        if tag == "code" and "language-text" in (attrs.get("class") or "").split():
            self.text_block = {"line": line, "text": ""}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
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


def browser_problems(site, chromium):
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
    finally:
        browser.close()
    return problems


def main():
    args = sys.argv[1:]
    chromium = "chromium"
    if "--chromium" in args:
        i = args.index("--chromium")
        chromium = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1 or not pathlib.Path(args[0]).is_dir():
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    site = pathlib.Path(args[0])
    pages = sorted(site.rglob("*.html"))
    if not pages:
        print(f"check-site: no HTML pages in {site}", file=sys.stderr)
        return 1
    problems = static_problems(site) + content_problems(site) + browser_problems(site, chromium)
    for problem in problems:
        print(f"check-site: {problem}", file=sys.stderr)
    print(f"check-site: {len(pages)} pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
