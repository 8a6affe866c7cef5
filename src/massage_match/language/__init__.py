"""Reading people's words: normalising text, repairing spelling, indexing phrases, matching."""
