"""Records to typed models: a parsed file validated against its model, every problem located in Chinese."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ContentError
from .records import Record

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated model and the source record it came from, for locating later errors."""

    model: M
    record: Record
    loc: tuple = ()  # where the model sits in its file: (3,) for the fourth agency of agencies.yaml

    def error(self, loc: tuple, message: str) -> ContentError:
        return self.record.error(self.loc + loc, message)

    def warning(self, loc: tuple, message: str, code: str = "") -> ContentError:
        return self.record.warning(self.loc + loc, message, code)


def validate(model: type[M], data: object, record: Record, base: tuple, errors: list[ContentError]) -> Loaded[M] | None:
    if not isinstance(data, dict):
        errors.append(record.error(base, "这里应为“字段: 值”的映射"))
        return None
    try:
        return Loaded(model.model_validate(data), record, base)
    except ValidationError as exc:
        for err in exc.errors():
            loc = base + tuple(err["loc"])
            # a missing field has no line of its own: report it at the mapping that lacks it
            line_loc = loc[:-1] if err["type"] == "missing" else loc
            errors.append(record.error(loc, _message(err, model, loc[len(base):]), line_loc))
        return None


def _message(err: dict, model: type[BaseModel], loc: tuple) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return "缺少必填字段，请补上"
    if value is None:
        return "不能为空，请填写"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.7)
        hint = f"，是否应为 {guess[0]}？" if guess else f"；可用字段：{'、'.join(allowed)}"
        return f"未知字段{hint}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"“{value}”不是有效日期：请写成真实存在的 YYYY-MM-DD，如 2021-04-16"
    if kind in ("enum", "literal_error"):
        options = err["ctx"].get("expected", "")
        return f"“{value}”不是可选值；可选：{options.replace(' or ', ', ').replace(chr(39), '')}"
    if kind == "string_pattern_mismatch":
        return f"“{value}”格式不对：只能用小写英文字母、数字和单个连字符（-）"
    if kind in ("int_parsing", "int_type"):
        return f"“{value}”应为整数"
    if kind == "greater_than_equal":
        return f"“{value}”应不小于 {err['ctx']['ge']}"
    if kind == "string_too_long":
        return f"太长（{len(str(value))} 个字符）：最多 {err['ctx']['max_length']} 个字符"
    if kind == "too_short":
        return "至少要填一项"
    if kind in ("list_type", "tuple_type"):
        return "应为列表：每项单独一行，以“- ”开头"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "这里应为“字段: 值”的映射"
    if kind == "string_type":
        return "应为文本"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    return err["msg"]


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at `loc` inside `model`, for did-you-mean hints."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return []
        current = inner
    return [f.alias or name for name, f in current.model_fields.items()]
