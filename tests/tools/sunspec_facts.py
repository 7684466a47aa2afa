#!/usr/bin/env python3
"""Writes adapters/sunspec/models/model_<id>.json from the official SunSpec model definitions, keeping only the
specification's facts (names, order, types, sizes, fixed values, scale-factor references, units, access,
mandatory/static, counts, symbol names and values) and dropping every descriptive text (label, desc, detail, notes,
comments, standards). The output keeps the official JSON structure, so official files and ours are interchangeable.

    python3 tests/tools/sunspec_facts.py ../shared/data/sunspec/models adapters/sunspec/models 1 101 103 ...
"""
import json
import sys
from pathlib import Path

# Fact fields in the order they are written; anything else in the official files is text and is left out.
GROUP_FACTS = ("name", "type", "count")
POINT_FACTS = ("name", "type", "size", "value", "count", "sf", "units", "access", "mandatory", "static")
SYMBOL_FACTS = ("name", "value")


def facts_of_symbol(symbol):
    return {key: symbol[key] for key in SYMBOL_FACTS if key in symbol}


def facts_of_point(point):
    kept = {key: point[key] for key in POINT_FACTS if key in point}
    if point.get("symbols"):
        kept["symbols"] = [facts_of_symbol(symbol) for symbol in point["symbols"]]
    return kept


def facts_of_group(group):
    kept = {key: group[key] for key in GROUP_FACTS if key in group}
    kept["points"] = [facts_of_point(point) for point in group.get("points", [])]
    if group.get("groups"):
        kept["groups"] = [facts_of_group(child) for child in group["groups"]]
    return kept


def main(official_dir, target_dir, model_ids):
    for model_id in model_ids:
        official = json.loads((Path(official_dir) / f"model_{model_id}.json").read_text(encoding="utf-8"))
        facts = {"id": official["id"], "group": facts_of_group(official["group"])}
        target = Path(target_dir) / f"model_{model_id}.json"
        target.write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
