"""Pure and fast session logic: labels, roles, phases, interrogation patterns, feedback."""
