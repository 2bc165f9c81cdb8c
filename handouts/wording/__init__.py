"""Wording: Jinja2 templates in, the plain text a sheet prints out (where a locale plugs in)."""
