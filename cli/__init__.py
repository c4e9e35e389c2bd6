"""The `libya-abm` command line, at the outer edge: it may use every other package."""
