#!/usr/bin/env python3
"""Takes a screenshot of one page in headless Chromium, as a reader's browser shows it.

Usage: screenshot.py PAGE.html OUT.png [--width PX] [--height PX] [--dark] [--at ID] [--down PX] [--chromium PATH]

--width/--height set the viewport in CSS pixels (default 1280 x 2000; a phone is
390 wide, drawn at device scale 2 as phones do); --dark asks for the dark colour
scheme (prefers-color-scheme: dark); --at scrolls the element with that id to the
top first, and --down scrolls further down by PX. The page is loaded from file:// after its load event, fonts settled.
"""
import base64
import importlib.util
import os
import pathlib
import sys
import time

here = pathlib.Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("check_site", here / "check-site.py")
check_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_site)


def main():
    args = sys.argv[1:]
    options = {"--width": "1280", "--height": "2000", "--at": None, "--down": "0", "--chromium": "chromium"}
    dark = "--dark" in args
    if dark:
        args.remove("--dark")
    for name in list(options):
        if name in args:
            i = args.index(name)
            options[name] = args[i + 1]
            del args[i:i + 2]
    if len(args) != 2 or not pathlib.Path(args[0]).is_file():
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    page, output = pathlib.Path(args[0]).resolve(), pathlib.Path(args[1])
    width, height = int(options["--width"]), int(options["--height"])
    phone = width < 600
    browser = check_site.Browser(options["--chromium"])
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Page.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 2 if phone else 1, "mobile": phone}, session=session)
        browser.send("Emulation.setEmulatedMedia", {"features": [
            {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]}, session=session)
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait(lambda m: m.get("method") == "Page.loadEventFired", 30, "load event")
        browser.send("Runtime.evaluate", {"expression": "document.fonts.ready", "awaitPromise": True}, session=session)
        if options["--at"]:
            browser.send("Runtime.evaluate", {"expression":
                f"document.getElementById({options['--at']!r}).scrollIntoView()"}, session=session)
        if int(options["--down"]):
            browser.send("Runtime.evaluate", {"expression": f"window.scrollBy(0, {int(options['--down'])})"},
                         session=session)
        time.sleep(0.3)
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session, timeout=60)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(base64.b64decode(shot["data"]))
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
