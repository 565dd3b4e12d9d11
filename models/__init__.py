"""Finding, loading and describing every model balint uses. Imports nothing else of balint's.

Importing this package sets the privacy environment (no telemetry, no hub): it sits below every
other package of ours, so no model library can load before the switches are set.
"""

from .privacy import apply_private_environment

apply_private_environment()
