"""`python -m massage_match` runs the command line."""

from massage_match.cli.app import main

if __name__ == "__main__":
    main()
