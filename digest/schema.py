"""JSON Schema of the content files, generated from the models, for editors' YAML tooling."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from .models import AgencyEntry, FrontMatter, WeekFile

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def schemas() -> dict[str, dict]:
    """File name -> JSON Schema, for the week file, the notice front matter and the agency registry."""
    out = {
        "week.schema.json": WeekFile.model_json_schema(by_alias=True),
        "notice.schema.json": FrontMatter.model_json_schema(by_alias=True),
        "agencies.schema.json": TypeAdapter(list[AgencyEntry]).json_schema(by_alias=True),
    }
    titles = {"week.schema.json": "本期 week.yaml", "notice.schema.json": "通知 front matter",
              "agencies.schema.json": "机构名录 agencies.yaml"}
    for name, schema in out.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = titles[name]
    return out


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
