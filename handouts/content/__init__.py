"""Content: YAML files in, a validated immutable Library, selections, programs and doses out."""
