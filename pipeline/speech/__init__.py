"""Text for speech: ``lexicon.py`` turns written text into what a voice should say (numbers,
abbreviations, Roman numerals, pauses, pronunciations); ``spoken_numbers.py`` spells numbers."""
