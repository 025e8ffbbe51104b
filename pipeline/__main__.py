"""``python -m pipeline`` runs the ``audiobook`` command."""

from .cli import main

if __name__ == "__main__":  # worker processes (render --workers) import this module without running it
    main()
