"""Client records: who the client is, each visit's screening and what was done, clearances, and the
documents made from them (SOAP notes, progress charts, handouts, letters)."""
