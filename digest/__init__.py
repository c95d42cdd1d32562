"""digest: a static site generator for weekly policy digests."""

from .build import BuildResult, build
from .config import BuildConfig
from .errors import ContentError, ContentErrors

__all__ = ["build", "BuildConfig", "BuildResult", "ContentError", "ContentErrors"]
