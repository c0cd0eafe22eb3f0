"""newsgraph: read news reports and build a sourced knowledge graph."""

__version__ = "0.1.0"
