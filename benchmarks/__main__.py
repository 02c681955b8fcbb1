"""`make bench`: each benchmark prints its figures as ratios against a baseline measured in
the same run, so that the figures mean the same on a slow machine and a fast one.

A benchmark is a module in this package with ``run() -> list[tuple[str, float, str]]``
(name, ratio, detail), listed in ``BENCHMARKS``.
"""

import importlib
import os
import sys

import django

BENCHMARKS: list[str] = [
    "registration_import",
    "rollups",
    "season",
    "logistics",
    "badge_status_import",
    "deal_list",
    "load",
]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ciie_delegations.settings")
    django.setup()
    names = sys.argv[1:] or BENCHMARKS
    if not names:
        print("No benchmarks registered yet.")
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        for label, ratio, detail in module.run():
            print(f"{label:<60} {ratio:8.2f}x   {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
