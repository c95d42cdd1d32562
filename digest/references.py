"""References of a notice that failed validation, checked all the same: a model error (a date that
does not exist, say) does not hide an unknown issuer in the same file, so one run lists both.

Loading notes each issuer id of such a notice among its problems, as an error of code PENDING with
the id for its message (kept with the week like any problem); linking, which knows the agencies,
turns each into the error it is (an unknown id, or no issuer at all) or drops it.
"""

from __future__ import annotations

from typing import Callable, Collection, Iterable

from .errors import ContentError
from .records import Record

NO_ISSUER = "通知至少要有一个发文机关：请按落款填写机构 id（资讯可不填）"


PENDING = "pending-issuer"  # an issuer id (in `message`; empty where the notice names none) awaiting the agencies


def _pending(path: str, line: int, field: str, agency_id: str) -> ContentError:
    return ContentError(path, line, field, agency_id, False, PENDING)


def pending_issuers(record: Record, data: object) -> list[ContentError]:
    if not isinstance(data, dict):
        return []
    issuers = data.get("issuers")
    if issuers is not None and not isinstance(issuers, (str, list)):
        return []  # not a list: the model's error says so
    issuers = [issuers] if isinstance(issuers, str) else issuers or []
    pending = [_pending(record.shown_path, record.line_of(("issuers", i)), f"issuers[{i}]", agency_id)
               for i, agency_id in enumerate(issuers) if isinstance(agency_id, str) and agency_id]
    if not pending and data.get("group") != "news":
        pending.append(_pending(record.shown_path, record.line_of(("issuers",)), "issuers", ""))
    return pending


def resolve_pending(errors: Iterable[ContentError], agencies: Collection[str],
                    unknown: Callable[[str], str]) -> list[ContentError]:
    """The errors with each pending issuer checked against `agencies` (`unknown` words the error)."""
    out: list[ContentError] = []
    for error in errors:
        if error.code != PENDING:
            out.append(error)
        elif not error.message:
            out.append(ContentError(error.path, error.line, error.field, NO_ISSUER))
        elif error.message not in agencies:
            out.append(ContentError(error.path, error.line, error.field, unknown(error.message)))
    return out
