#!/usr/bin/env python3
"""Prints a site's print.html to PDF with headless Chromium and measures the paper.

Usage: print-pages.py SITE [--pdf OUT.pdf] [--chromium PATH]

Reports the number of pages and how many are under half full. Fullness is a
text-density measure read from the PDF itself (standard library only: the
page objects' content streams, inflated): the glyphs a page shows, against
the median page of the book. A page with fewer than half the median's
glyphs counts as under half full (a stranded caption, a heading alone, the
end of a chapter). Letter paper, Chromium's default margins, no header or footer.
"""
import pathlib
import re
import subprocess
import sys
import tempfile
import zlib


def pdf_pages(data):
    """The glyph count of each page, in order."""
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}

    def stream(number):
        body = objects.get(number, b"")
        if b"stream" not in body:
            return b""
        raw = body[body.index(b"stream") + 6:].lstrip(b"\r\n")
        raw = raw[:raw.rindex(b"endstream")].rstrip(b"\r\n")
        try:
            return zlib.decompress(raw) if b"/FlateDecode" in body[:body.index(b"stream")] else raw
        except zlib.error:
            return b""

    def kids(number):
        body = objects[number]
        if re.search(rb"/Type\s*/Pages\b", body):
            listed = re.search(rb"/Kids\s*\[([^\]]*)\]", body).group(1)
            return [page for kid in re.findall(rb"(\d+) 0 R", listed) for page in kids(int(kid))]
        return [number]

    catalog = next(b for b in objects.values() if re.search(rb"/Type\s*/Catalog", b))
    root = int(re.search(rb"/Pages (\d+) 0 R", catalog).group(1))
    counts = []
    for page in kids(root):
        body = objects[page]
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", body)
        numbers = [int(n) for n in re.findall(rb"(\d+) 0 R", contents.group(1))] if contents else []
        text = b"".join(stream(n) for n in numbers)
        glyphs = sum(len(m.group(1)) // 4 for m in re.finditer(rb"<([0-9A-Fa-f]*)>\s*Tj", text))
        glyphs += sum(len(re.sub(rb"[^0-9A-Fa-f]", b"", m.group(1))) // 4
                      for m in re.finditer(rb"\[(.*?)\]\s*TJ", text, re.S))
        counts.append(glyphs)
    return counts


def main():
    args = sys.argv[1:]
    options = {"--pdf": None, "--chromium": "chromium"}
    for option in options:
        if option in args:
            i = args.index(option)
            options[option] = args[i + 1]
            del args[i:i + 2]
    if len(args) != 1 or not (pathlib.Path(args[0]) / "print.html").exists():
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    page = (pathlib.Path(args[0]) / "print.html").resolve()
    with tempfile.TemporaryDirectory() as profile:
        pdf = pathlib.Path(options["--pdf"] or pathlib.Path(profile) / "print.pdf").resolve()
        subprocess.run([options["--chromium"], "--headless", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={profile}/profile", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", page.as_uri()],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, check=True)
        counts = pdf_pages(pdf.read_bytes())
    median = sorted(counts)[len(counts) // 2] if counts else 0
    sparse = [n + 1 for n, c in enumerate(counts) if c < median / 2]
    print(f"print-pages: {len(counts)} pages, {len(sparse)} under half full "
          f"(fewer than half the median page's {median} glyphs): pages {', '.join(map(str, sparse))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
