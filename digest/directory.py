"""The national agency directory shipped with digest, merged with a site's own agencies.yaml.

`digest/directory/agencies.yaml` names the ministries, administrations and centres that issue IP and
pharma notices, and each province's, region's and municipality's 知识产权局, 市场监督管理局,
药品监督管理局, 卫生健康委员会 and 医疗保障局. A site's `content/agencies.yaml` only adds agencies the
directory lacks, or overrides one of its entries by giving the same id.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Iterable, Mapping, TypeVar

from pydantic import ValidationError

from .errors import BuildError
from .models import AgencyEntry
from .records import read_yaml_file
from .validate import Loaded

DIRECTORY_FILE = Path(__file__).resolve().parent / "directory" / "agencies.yaml"
SHOWN_PATH = "digest/directory/agencies.yaml"

L = TypeVar("L")


@cache
def directory_entries() -> tuple:
    """The directory as Loaded[AgencyEntry] values (located in the packaged file), read once per process."""
    record, errors = read_yaml_file(DIRECTORY_FILE, SHOWN_PATH)
    if errors or record is None or not isinstance(record.data, list):
        raise BuildError(f"digest 自带的机构名录 {SHOWN_PATH} 无法读取：{'；'.join(map(str, errors))}")
    entries = []
    for i, item in enumerate(record.data):
        try:
            entries.append(Loaded(AgencyEntry.model_validate(item), record, (i,)))
        except ValidationError as exc:
            raise BuildError(f"digest 自带的机构名录 {SHOWN_PATH} 第 {i + 1} 项有误：{exc}") from None
    record.data = None
    return tuple(entries)


def merged(site_entries: Iterable[L], directory: Iterable[L] | None = None) -> list[L]:
    """The directory's entries not overridden by the site's, then every entry of the site's own file
    (in its order, so that an id it registers twice is still reported by linking)."""
    site_entries = list(site_entries)
    own = {entry.model.id for entry in site_entries}
    kept = [entry for entry in (directory_entries() if directory is None else directory) if entry.model.id not in own]
    return kept + site_entries


def issuing(agencies: Mapping[str, object], notices_by_agency: Mapping[str, tuple]) -> list:
    """The agencies that get a page, a feed and a calendar: those that issued a notice, and their parents."""
    wanted: set[str] = set()
    for agency_id, notices in notices_by_agency.items():
        while notices and agency_id in agencies and agency_id not in wanted:
            wanted.add(agency_id)
            agency_id = agencies[agency_id].parent_id
    return [agency for agency_id, agency in agencies.items() if agency_id in wanted]
