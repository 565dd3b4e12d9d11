"""Finding, loading and describing every model balint uses. Imports nothing else of balint's."""
