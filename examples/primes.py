"""A small program to try tdb on: `make demo`, or `tdb examples/primes.py 30`."""

import sys


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    for divisor in range(2, int(n**0.5) + 1):
        if n % divisor == 0:
            return False
    return True


def primes_up_to(limit: int) -> list[int]:
    found = []
    for candidate in range(limit + 1):
        if is_prime(candidate):
            found.append(candidate)
    return found


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    primes = primes_up_to(limit)
    print(f"{len(primes)} primes up to {limit}: {primes}")
    table = {p: p * p for p in primes}
    print("squares:", table)


if __name__ == "__main__":
    main()
