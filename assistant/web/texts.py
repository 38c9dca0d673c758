"""The web layer's fixed text (`templates/web.yaml`)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def web_texts() -> dict[str, Any]:
    return dict(yaml.safe_load(resources.files("assistant").joinpath("templates/web.yaml").read_text("utf-8")))


def error_text(key: str, **values: object) -> str:
    return str(web_texts()["errors"][key]).format(**values)


def label(key: str) -> str:
    return str(web_texts()["labels"][key])
