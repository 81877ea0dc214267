"""The parser's worst cases as a ratio to reading an ordinary phrase ("257"), measured side by side.

Target: a refused 100,000-character phrase costs no more than 10x an ordinary phrase (the length
guard answers before any parsing); the worst phrase within the length limit (every "and" a
possible range split) no more than 1,000x.
"""
from __future__ import annotations

import sys
import timeit

from csecstats.source.parse import ParseError, parse_phrase

CASES = {
    "refused 100,000 characters": ("1" * 10**5, 10),
    "worst case within the limit": ("between " + " and ".join(["two hundred and fifty"] * 7), 1000),
}


def cost(phrase: str, number: int) -> float:
    """Best per-call seconds over five repeats."""
    def call() -> None:
        try:
            parse_phrase(phrase)
        except ParseError:
            pass
    return min(timeit.repeat(call, number=number, repeat=5)) / number


def main() -> int:
    base = cost("257", 2000)
    print(f"parse '257': {base * 1e6:.1f} us")
    for name, (phrase, target) in CASES.items():
        ratio = cost(phrase, 50) / base
        print(f"{name}: ratio {ratio:,.1f}x (target <= {target:,}x) {'OK' if ratio <= target else 'over target'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
