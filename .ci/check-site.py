#!/usr/bin/env python3
"""Checks a rendered site the way a reader's browser sees it.

Two passes over every page of SITE:
1. Static: every local href/src points to a file that exists, and every
   #fragment to an element with that id on the target page.
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
    problems = static_problems(site) + browser_problems(site, chromium)
    for problem in problems:
        print(f"check-site: {problem}", file=sys.stderr)
    print(f"check-site: {len(pages)} pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
