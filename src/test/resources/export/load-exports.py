"""Loads the exports with Python's standard csv and json modules and prints what the Java test checks.

Usage: python3 load-exports.py <long.csv> <wide.csv> <long.json>
"""
import csv
import json
import sys


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    widths = {len(r) for r in body}
    if widths and widths != {len(header)}:
        sys.exit(f"{path}: rows of {sorted(widths)} cells under a header of {len(header)}")
    return header, body


long_header, long_rows = load(sys.argv[1])
wide_header, wide_rows = load(sys.argv[2])
with open(sys.argv[3], encoding="utf-8") as f:
    records = json.load(f)
print("long.columns=" + ",".join(long_header))
print(f"long.rows={len(long_rows)}")
print("wide.columns=" + ",".join(wide_header))
print(f"wide.rows={len(wide_rows)}")
print(f"json.rows={len(records)}")
print("json.columns=" + ",".join(records[0].keys() if records else []))
logical = {v for r in long_rows for v in (r[long_header.index("correct")], r[long_header.index("completed")])}
print("long.logical=" + ",".join(sorted(logical)))
