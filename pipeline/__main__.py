"""``python -m pipeline`` runs the ``audiobook`` command."""

from .cli import main

main()
