"""Tools for the people who write the rules: analysis (lint), coverage, diff, schemas, the
catalogue and the scenario-test format."""
