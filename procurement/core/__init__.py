"""The core: the rule format, the condition language, loading, facts, the engine and the checks."""
