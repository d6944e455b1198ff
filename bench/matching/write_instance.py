"""Write a deterministic instance file for timing ``brug match`` end to end.

    PYTHONPATH=src .venv/bin/python bench/matching/write_instance.py /tmp/m200k.json
    /usr/bin/time -v .venv/bin/brug match /tmp/m200k.json > /dev/null

Defaults: 200,000 learners x 10 preferences over 80,000 openings, seed 7 (``generate.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--learners", type=int, default=200_000)
    parser.add_argument("--openings", type=int, default=80_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    instance = generate(args.learners, args.openings, 10, seed=args.seed)
    document = {
        "seed": args.seed,
        "learners": [
            {"id": learner.id, "preferences": list(learner.preferences)}
            for learner in instance.learners
        ],
        "openings": [
            {"id": o.id, "capacity": o.capacity}
            | ({} if o.priority is None else {"priority": list(o.priority)})
            for o in instance.openings
        ],
    }
    Path(args.path).write_text(json.dumps(document), encoding="utf-8")


if __name__ == "__main__":
    main()
