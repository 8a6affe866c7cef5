"""`python -m massage_match` runs the command line, exactly as the console script does."""

from massage_match.cli.app import run

if __name__ == "__main__":
    run()
