#!/usr/bin/env python3
"""Validates FHIR JSON with fhir.resources (PyPI; its R4B models, whose AuditEvent, Bundle and the resources
Taper writes have R4's structure): every element known, every type, cardinality and required element right.

    validate.py FILE.json [RESOURCE_TYPE_OF_EVERY_ENTRY]
prints "<resourceType> <n entries>" and exits 0, or prints the validation errors and exits 1.
"""
import json
import sys

from pydantic import ValidationError
from fhir.resources.R4B import get_fhir_model_class


def unknown(given, parsed, where="$"):
    """Elements of `given` the model dropped (pydantic ignores unknown keys): each is an element FHIR lacks."""
    out = []
    if isinstance(given, dict) and isinstance(parsed, dict):
        for key, value in given.items():
            if key not in parsed:
                out.append(f"{where}.{key}")
            else:
                out += unknown(value, parsed[key], f"{where}.{key}")
    elif isinstance(given, list) and isinstance(parsed, list):
        for i, (a, b) in enumerate(zip(given, parsed)):
            out += unknown(a, b, f"{where}[{i}]")
    return out


def main(path, entry_type=None):
    data = json.load(open(path))
    try:
        model = get_fhir_model_class(data["resourceType"]).model_validate(data)
    except ValidationError as e:
        print(e)
        return 1
    dropped = unknown(data, json.loads(model.model_dump_json(by_alias=True, exclude_none=True)))
    if dropped:
        print("elements FHIR does not have: " + ", ".join(dropped[:10]))
        return 1
    entries = data.get("entry", [])
    if entry_type:
        wrong = [e["resource"].get("resourceType") for e in entries if e["resource"].get("resourceType") != entry_type]
        if wrong:
            print(f"entries that are not {entry_type}: {wrong[:5]}")
            return 1
    print(model.get_resource_type(), len(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
