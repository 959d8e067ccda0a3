#!/usr/bin/env python3
"""Character sizes and tick boxes of a PDF, read with pdfplumber (issue 20: large print measured from the PDF;
`pdffonts` gives no sizes).

    .venv/bin/python tools/print/font_sizes.py FILE.pdf

Prints one JSON object: for each page its number, whether it is the clinician page (its text holds
"For the clinician"), the smallest character size in points (spaces aside), the page size, and the tick boxes
(unfilled squares 15 pt or larger) with the smallest side in millimetres.
"""
import json
import sys

import pdfplumber


def main():
    pages = []
    with pdfplumber.open(sys.argv[1]) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            sizes = [round(c["size"], 2) for c in chars]
            text = page.extract_text() or ""
            squares = [
                r for r in page.rects
                if min(r["width"], r["height"]) >= 15 and abs(r["width"] - r["height"]) < 1 and not r.get("fill")
            ]
            pages.append({
                "page": page.page_number,
                "clinician": "For the clinician" in text,
                "min_size": min(sizes) if sizes else None,
                "width": round(page.width, 1), "height": round(page.height, 1),
                "ticks": len(squares),
                "min_tick_mm": round(min(min(r["width"], r["height"]) for r in squares) / 72 * 25.4, 2) if squares else None,
            })
    print(json.dumps({"pages": pages}))


if __name__ == "__main__":
    main()
