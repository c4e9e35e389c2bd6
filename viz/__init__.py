"""The Solara browser app (issue 3): built on the model package, never the other way round."""
