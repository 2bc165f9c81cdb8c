"""handouts: printable patient-education PDFs from a YAML exercise library."""

__version__ = "0.1.0"
