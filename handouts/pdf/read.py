"""Open a PDF someone else made, or fail with one line saying what is wrong with it."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from handouts.errors import InputFileError

ENCRYPTED = "the PDF is encrypted or password-protected; save a copy without a password and use that"


def open_pdf(data: bytes, source: str, allow_encrypted: bool = True) -> Any:
    """A pypdf reader over `data`, checked for the ways a PDF file goes wrong.

    An encrypted file that opens with an empty password is accepted when `allow_encrypted`;
    AES-encrypted files need the cryptography package, so pypdf raises DependencyError
    (not a PdfReadError) for them: that is reported as encrypted too.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    from handouts.pdf.quiet import quiet

    quiet()

    if not data.strip():
        raise InputFileError(source, "the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise InputFileError(source, "is not a PDF (it does not start with %PDF-)")
    if b"%%EOF" not in data[-2048:]:
        raise InputFileError(source, "the PDF is cut short (no %%EOF at its end); copy it again")
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not (allow_encrypted and reader.decrypt("")):
            raise InputFileError(source, ENCRYPTED)
        if len(reader.pages) == 0:
            raise InputFileError(source, "the PDF has no pages")
        for page in reader.pages:  # touch every page so damage shows now, not mid-build
            page.get_contents()
        return reader
    except DependencyError as e:
        raise InputFileError(source, ENCRYPTED) from e
    except InputFileError:
        raise
    except Exception as e:  # pypdf raises many kinds on damaged files; all mean "unreadable"
        if "crypt" in str(e).lower() or "AES" in str(e):
            raise InputFileError(source, ENCRYPTED) from e
        raise InputFileError(source, f"the PDF is damaged and cannot be read ({e})") from e
