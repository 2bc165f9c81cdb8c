"""The clinic a sheet is printed for: its name, phone, web address and logo, from a small YAML."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from handouts.content.model import Strict, Text
from handouts.errors import ContentError


class Clinic(Strict):
    """Who hands out the sheet and how a patient reaches them."""

    name: Text
    phone: Text | None = None
    web: Text | None = None
    logo: Path | None = None


def load_clinic(path: Path) -> Clinic:
    """Read and validate a clinic file; the logo path is resolved against the file's folder."""
    from handouts.content.yamlsrc import read_yaml_file

    source = read_yaml_file(path, "clinic file")
    data = source.data
    problems = []
    if isinstance(data, dict) and isinstance(data.get("logo"), str):
        logo = (path.parent / data["logo"]).resolve()
        if not logo.is_file():
            problems.append(source.problem(("logo",), f"image not found: {logo}"))
        data = {**data, "logo": logo}
    try:
        clinic = Clinic.model_validate(data, strict=False)
    except ValidationError as e:
        raise ContentError(problems + source.problems(e, model=Clinic)) from e
    if problems:
        raise ContentError(problems)
    return clinic
