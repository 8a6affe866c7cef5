"""Records read from a stream, and the worker processes that answer long batches."""
