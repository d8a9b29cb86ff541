#!/usr/bin/env python3
"""Derive the HTML and WARC samples from the two seed pages (writes into samples/pages).

``pages/amn-secret-call.html`` wraps the AMN seed's article in a page with navigation, a share
bar and a footer; ``pages/straitstimes-rebuke.warc.gz`` stores the Straits Times seed as an HTTP
response in a CC-NEWS-style WARC record. Both are copies of the seeds, so a run over ``samples/``
shows HTML extraction, WARC reading and near-duplicate detection on the same story.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent.parent / "samples"
SEEDS = HERE / "seeds"


def page(title: str, paragraphs: list[str], site: str, date: str | None) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | {site}</title>
<meta property="og:site_name" content="{site}">{meta}</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
<article><h1>{html.escape(title)}</h1>
{body}
</article>
<aside><h3>Related</h3><ul><li><a href="/a">Markets close higher</a></li>
<li><a href="/b">Weather: storms expected</a></li></ul></aside>
<footer><p>Share this article</p><p>© {site}. All rights reserved.</p></footer>
</body></html>
"""


def paragraphs(seed: Path, skip: int) -> tuple[str, list[str]]:
    lines = [ln.strip() for ln in seed.read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines = lines[skip:]
    return lines[0], [ln for ln in lines[1:] if len(ln.split()) > 6]


def main() -> None:
    out = HERE / "pages"
    out.mkdir(exist_ok=True)
    title, paras = paragraphs(SEEDS / "000_fac84f17711a65d7.txt", skip=1)
    (out / "amn-secret-call.html").write_text(
        page(title, paras, "Al Masdar News", "2022-07-08"), encoding="utf-8")
    title, paras = paragraphs(SEEDS / "001_f6cdfdc212c4f800.txt", skip=1)
    raw = page(title, paras, "The Straits Times", None).encode("utf-8")
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                          ("Content-Length", str(len(raw)))],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://www.straitstimes.com/world/europe/russia-slams-frances-macron", "response",
        payload=io.BytesIO(raw), http_headers=headers))
    (out / "straitstimes-rebuke.warc.gz").write_bytes(buf.getvalue())


if __name__ == "__main__":
    main()
