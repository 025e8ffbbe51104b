"""audiobook pipeline: prose fiction in, a finished multi-voice audiobook out."""

__version__ = "0.1.0"
