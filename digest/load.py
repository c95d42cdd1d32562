"""Read the content folder into validated models, collecting every error of the run."""

from __future__ import annotations

import difflib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Generic, Mapping, TypeVar

from pydantic import BaseModel, ValidationError
from slugify import slugify

from .deferred import Deferred
from .errors import ContentError, ContentErrors, display_path
from .models import SLUG_PATTERN, AgencyEntry, FrontMatter, WeekFile
from .records import ParsedStore, Record, read_markdown_file, read_yaml_file, scan_folder

M = TypeVar("M", bound=BaseModel)
K = TypeVar("K")
V = TypeVar("V")

AGENCIES_FILE = "agencies.yaml"
WEEK_FILE = "week.yaml"


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated model and the source record it came from, for locating later errors."""

    model: M
    record: Record
    loc: tuple = ()  # where the model sits in its file: (3,) for the fourth agency of agencies.yaml

    def error(self, loc: tuple, message: str) -> ContentError:
        return self.record.error(self.loc + loc, message)

    def warning(self, loc: tuple, message: str) -> ContentError:
        return self.record.warning(self.loc + loc, message)


@dataclass(frozen=True)
class LoadedWeek:
    folder: Path
    week: Loaded[WeekFile]
    # The (stem, shown path) of each notice file loaded: linking compares every week's file names
    # without reading the notices of weeks it does not link again.
    files: tuple[tuple[str, str], ...]
    loaded_notices: Deferred[tuple[Loaded[FrontMatter], ...]]

    @classmethod
    def of(cls, folder: Path, week: Loaded[WeekFile], notices: tuple[Loaded[FrontMatter], ...]) -> LoadedWeek:
        return cls(folder, week, tuple((n.record.stem, n.record.shown_path) for n in notices), Deferred(notices))

    @property
    def notices(self) -> tuple[Loaded[FrontMatter], ...]:
        return self.loaded_notices.value


@dataclass(frozen=True)
class Content:
    root: Path
    agencies: tuple[Loaded[AgencyEntry], ...]
    weeks: tuple[LoadedWeek, ...]
    errors: tuple[ContentError, ...]  # files that failed are left out; linking still checks the rest
    read_all: bool = True  # every week was read from its files (none was kept from an earlier build)


UNSETTLED = "unsettled"  # see WeekMemo


class WeekMemo(Generic[K, V]):
    """Values made per week folder by earlier builds (kept in the process of `digest serve`, or read
    back from the build cache), each reused while the key it was made with is unchanged: a rebuild
    then reads and links only the weeks an editor touched. A value made with no key (None: its files
    are still being written) is kept under UNSETTLED, which no lookup finds: it serves only what asks
    for a week's last value whatever its key (the bodies rendered before, say)."""

    def __init__(self) -> None:
        self._kept: dict[Path, tuple[K, V]] = {}
        self.made: set[Path] = set()  # folders whose value was made, not reused, since this was last emptied

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, folder: Path, key: K | None, make: Callable[[], V]) -> V:
        if key is not None and self.holds(folder, key):
            return self._kept[folder][1]
        value = make()
        self.add(folder, UNSETTLED if key is None else key, value)
        return value

    def holds(self, folder: Path, key: K) -> bool:
        kept = self._kept.get(folder)
        return kept is not None and kept[0] == key

    def add(self, folder: Path, key: K, value: V) -> None:
        self._kept[folder] = (key, value)
        self.made.add(folder)

    def entry(self, folder: Path) -> tuple[K, V] | None:
        return self._kept.get(folder)

    def restore(self, folder: Path, key: K, value: V) -> None:
        """Take back an entry kept by an earlier process (it counts as not made)."""
        self._kept[folder] = (key, value)

    def folders(self) -> set[Path]:
        return set(self._kept)

    def keep_only(self, folders: set[Path]) -> None:
        for gone in self._kept.keys() - folders:
            del self._kept[gone]


# Reading the YAML that earlier builds parsed costs more than parsing this many weeks' files.
FEW_WEEKS = 20


def load_content(root: Path, on_week: Callable[[LoadedWeek], object] | None = None,
                 parsed: Callable[[], ParsedStore] | None = None, weeks: WeekMemo | None = None,
                 restore: Callable[[Mapping[Path, str | None]], object] | None = None,
                 signatures_taken: Mapping[str, str | None] = {}, only: Collection[Path] | None = None) -> Content:
    """Everything under `root` that is valid, and an error for everything that is not. `on_week` is
    called with each week read from its files, as soon as it is read (the build starts rendering its
    bodies then). `weeks` holds weeks loaded by earlier builds, by the signatures of their files;
    `restore` is called with those signatures before any week is looked up there (to fill it from a
    cache, say); `signatures_taken` has those of folders the build looked at already (by path), to
    spare a second look. `parsed` gives YAML parsed by earlier builds, asked for only when more than
    a few weeks are to be read. With `only`, those week folders are the only ones looked at (with
    `weeks`, the others it holds are kept)."""
    errors: list[ContentError] = []
    if not root.is_dir():
        raise ContentErrors([ContentError(root.as_posix(), 0, "", "内容文件夹不存在")])
    if only is None:
        years = [(year_dir, sorted(p for p in year_dir.iterdir() if p.is_dir()))
                 for year_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
    else:
        years = [(Path(), sorted(only))]
    now = time.time_ns()
    signatures = ({week_dir: signatures_taken[str(week_dir)] if str(week_dir) in signatures_taken
                   else scan_folder(week_dir, now)[0] for _, week_dirs in years for week_dir in week_dirs}
                  if weeks is not None else {})
    if restore is not None:
        restore(signatures)
    to_read = sum(not weeks.holds(d, s) for d, s in signatures.items()) if weeks is not None else None
    store = parsed() if parsed is not None and (to_read is None or to_read > FEW_WEEKS) else ParsedStore()

    agencies_path = root / AGENCIES_FILE
    agencies: list[Loaded[AgencyEntry]] = []
    agencies_record = None
    if not agencies_path.is_file():
        errors.append(ContentError(display_path(agencies_path, root), 0, "", "缺少机构名录文件 agencies.yaml"))
    else:
        agencies_record, file_errors = read_yaml_file(agencies_path, display_path(agencies_path, root), store)
        errors += file_errors
        if agencies_record is not None:
            if not isinstance(agencies_record.data, list):
                errors.append(agencies_record.error((), "机构名录应为列表：每个机构以“- id: …”开头"))
            else:
                for i, item in enumerate(agencies_record.data):
                    loaded = _validate(AgencyEntry, item, agencies_record, (i,), errors)
                    if loaded:
                        agencies.append(loaded)
            agencies_record.data = None

    loaded = []
    for year_dir, week_dirs in years:
        for week_dir in week_dirs:
            if weeks is None:
                read, week = True, _load_week(week_dir, root, errors, store)
            else:
                read = not weeks.holds(week_dir, signatures[week_dir])
                week, week_errors = weeks.get(week_dir, signatures[week_dir],
                                              lambda: _load_week_alone(week_dir, root, store))
                errors.extend(week_errors)
            if week:
                loaded.append(week)
                if on_week is not None and read:
                    on_week(week)
        for stray in sorted(p for p in year_dir.iterdir() if p.is_file()) if only is None else ():
            errors.append(ContentError(display_path(stray, root), 1, "", "年份文件夹中只能放每期的文件夹（如 2021-04-16/）"))
    if weeks is not None and only is None:
        weeks.keep_only(set(signatures))
    return Content(root=root, agencies=tuple(agencies), weeks=tuple(loaded), errors=tuple(errors),
                   read_all=only is None and (to_read is None or to_read == len(signatures)))


def _load_week_alone(folder: Path, root: Path, store: ParsedStore) -> tuple[LoadedWeek | None, tuple[ContentError, ...]]:
    errors: list[ContentError] = []
    return _load_week(folder, root, errors, store), tuple(errors)


def _load_week(folder: Path, root: Path, errors: list[ContentError], store: ParsedStore) -> LoadedWeek | None:
    shown = display_path(folder, root)
    week_path = folder / WEEK_FILE
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", folder.name) or folder.name[:4] != folder.parent.name:
        errors.append(ContentError(shown, 0, "", f"每期文件夹应命名为发布日期，放在其年份下：如 {folder.parent.name}/{folder.parent.name}-04-16/"))
        return None
    week = None
    if not week_path.is_file():
        errors.append(ContentError(shown, 0, "", "缺少本期的 week.yaml"))
    else:
        record, file_errors = read_yaml_file(week_path, display_path(week_path, root), store)
        errors += file_errors
        if record is not None:
            week = _validate(WeekFile, record.data, record, (), errors)
            record.data = None
            if week and week.model.date.isoformat() != folder.name:
                errors.append(record.error(("date",), f"本期日期 {week.model.date} 与文件夹名 {folder.name} 不一致"))
    notices = []
    for path in sorted(folder.iterdir()):
        if path.name == WEEK_FILE:
            continue
        shown_file = display_path(path, root)
        if path.suffix != ".md" or not path.is_file():
            errors.append(ContentError(shown_file, 1, "", "每期文件夹中只能有 week.yaml 和通知的 .md 文件"))
            continue
        if not re.fullmatch(SLUG_PATTERN, path.stem):
            errors.append(ContentError(shown_file, 1, "", _slug_hint(path.stem)))
            continue
        record, file_errors = read_markdown_file(path, shown_file, store)
        errors += file_errors
        if record is not None:
            notice = _validate(FrontMatter, record.data, record, (), errors)
            record.data = None  # in the model now: from here on, errors need only the record's lines
            if notice:
                notices.append(notice)
    if week is None:
        return None
    return LoadedWeek.of(folder, week, tuple(notices))


def _slug_hint(stem: str) -> str:
    suggestion = slugify(stem)
    hint = f"，例如 {suggestion}.md" if suggestion else ""
    return f"文件名即网址，只能用小写英文字母、数字和单个连字符（-）{hint}"


def _validate(model: type[M], data: object, record: Record, base: tuple, errors: list[ContentError]) -> Loaded[M] | None:
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
