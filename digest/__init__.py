"""digest: a static site generator for weekly policy digests."""

from .config import BuildConfig
from .errors import ContentError, ContentErrors
from .pipeline import BuildResult, build

__all__ = ["build", "BuildConfig", "BuildResult", "ContentError", "ContentErrors"]
