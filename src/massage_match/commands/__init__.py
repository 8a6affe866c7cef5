"""The subcommands, one module per family, loaded only when invoked."""
