"""Assemble: clips to finished files. ``chapter.py`` joins a chapter's clips with pauses, levels
them and streams them to ffmpeg (MP3/FLAC/WAV, tags, chapters); ``formats.py`` writes subtitles
and the M4B; ``check.py`` measures finished files against ACX's standard."""
