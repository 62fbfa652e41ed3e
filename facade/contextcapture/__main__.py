"""`python -m contextcapture` runs the command-line interface."""

from .cli import main

main()
