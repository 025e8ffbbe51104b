"""Render: segments to clips. ``synth.py`` decides each line's voice and spoken text and
synthesises what the clip store lacks; ``cache.py`` is the content-addressed clip store;
``audition.py`` speaks short samples of voices to listen to before casting."""
