"""Static analysis of a rule set: what `lint` finds beyond a valid load."""
