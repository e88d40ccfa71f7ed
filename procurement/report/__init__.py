"""Reports of an evaluation: the public assessment, rendering in a language, Markdown."""
