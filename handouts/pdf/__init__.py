"""PDF: bytes in and out: writing, joining parts into packets, stamping, reading filled forms back."""
