#!/usr/bin/env python3
"""validate.py SCHEMA FILE...: every FILE is a JSON document SCHEMA accepts.

The e2e tests call it on every --json output they capture
(tests/e2e/lib.sh, docs/json.md); prints each error with its path and
exits 1 on any."""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{path}: not JSON: {e}")
            bad += 1
            continue
        errors = list(validator.iter_errors(doc))
        if errors:
            # The deepest cause, not "is not valid under any of the given schemas".
            e = jsonschema.exceptions.best_match(errors)
            while e.context:
                e = jsonschema.exceptions.best_match(e.context)
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            print(f"{path}: {where}: {e.message[:300]}")
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
