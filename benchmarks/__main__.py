"""``python -m benchmarks``: run the suite (see ``benchmarks/README.md``)."""

from benchmarks.run import main

if __name__ == "__main__":
    main()
