"""What a build depends on, hashed, and the record of what the last build wrote.

A build whose inputs have not changed does nothing. The inputs are the
book's files, the seeds it names, the styles, the font files, samizdat's
own code and version, the versions of the libraries that lay out and
write the outputs, the build date and the options. This module imports
neither WeasyPrint nor the book loader: a build with nothing to do must
return before either is loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

from .. import __version__
from ..data import STYLES_DIR
from ..errors import SamizdatError

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # samizdat/: its code is an input of every build
# The libraries whose output ends up in the files: a new version may change a byte.
LIBRARIES = ("weasyprint", "pydyf", "ebooklib", "fonttools", "pyphen", "markdown-it-py", "pyyaml", "pillow",
             "python-barcode")
RECORD_VERSION = 1


def find_styles(book_dir: Path) -> Path:
    """The stylesheets: the book's own styles/ if it has one, else samizdat's."""
    own = book_dir / "styles"
    if (own / "base.css").is_file():
        return own.resolve()
    return STYLES_DIR


def source_date_epoch(book_dir: Path) -> int:
    """SOURCE_DATE_EPOCH, else the last commit touching the book, else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        try:
            return int(value)
        except ValueError:
            raise SamizdatError(None, None, f"SOURCE_DATE_EPOCH is not a whole number: {value!r}") from None
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."], cwd=book_dir, capture_output=True,
                             text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return int(time.time())


def _files_under(root: Path, skip: Path | None = None) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__"
                             and (skip is None or (here / d).resolve() != skip))
        out += [here / f for f in sorted(filenames) if not f.startswith(".")]
    return out


def _library_versions() -> list[str]:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} absent")
    return found


def _font_lines() -> list[str]:
    """The font files the PDF embeds from: the packaged faces by content, the system's CJK collections by
    size and time (they are tens of megabytes, and change only with their Debian package)."""
    from ..render import fonts

    lines = []
    try:
        for path in sorted(fonts._variable_sources().values()):
            lines.append(f"font {path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}")
    except SamizdatError:
        lines.append("font package absent")
    for weight, (collection, _name) in sorted(getattr(fonts, "CJK_COLLECTIONS", {}).items()):
        try:
            stat = collection.stat()
            lines.append(f"font {weight} {collection} {stat.st_size} {stat.st_mtime_ns}")
        except OSError:
            lines.append(f"font {weight} {collection} absent")
    return lines


@dataclass(frozen=True)
class BuildInputs:
    """One build's inputs, reduced to a key; `slug` names the files the build writes."""

    slug: str
    key: str

    @classmethod
    def of(cls, book_dir: Path, out_dir: Path, *, target: str, pdf_variant: str | None, epoch: int,
           paper: str | None = None) -> "BuildInputs | None":
        """The inputs' key, or None when they cannot be read (the full build then reports why)."""
        try:
            data = yaml.load((book_dir / "book.yaml").read_text(encoding="utf-8"), Loader=_Loader)
            slug = str(data.get("slug") or data["id"])
            seeds_dir = book_dir / str(data.get("seeds_dir", "seeds"))
            seeds = [seeds_dir / str(item.get("instalment", item.get("chapter"))) for item in data["contents"]
                     if isinstance(item, dict) and ("instalment" in item or "chapter" in item)]
            files = (_files_under(book_dir, skip=out_dir.resolve()) + seeds + _files_under(find_styles(book_dir))
                     + sorted(PACKAGE_DIR.rglob("*.py")) + sorted((PACKAGE_DIR / "data" / "icc").glob("*.icc")))
            digest = hashlib.sha256()
            for line in [f"samizdat {__version__}", *_library_versions(), *_font_lines(), f"epoch {epoch}",
                         f"target {target}", f"pdf_variant {pdf_variant}", f"paper {paper}"]:
                digest.update(line.encode() + b"\n")
            for path in files:
                digest.update(f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
        except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, SamizdatError):
            return None
        return cls(slug, digest.hexdigest())


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def record_path(out_dir: Path, slug: str) -> Path:
    return out_dir / f".{slug}.build.json"


def pagemap_path(out_dir: Path, slug: str) -> Path:
    return out_dir / f".{slug}.pagemap.json"


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_record(out_dir: Path, slug: str) -> dict:
    """What the last build into out_dir wrote: {format: {"file", "inputs", "sha256", ...}}."""
    try:
        data = json.loads(record_path(out_dir, slug).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != RECORD_VERSION:
        return {}
    return data.get("outputs", {})


def up_to_date(out_dir: Path, inputs: BuildInputs, record: dict, fmt: str) -> bool:
    """True if the last build wrote this format from the same inputs and the file is still what it wrote."""
    entry = record.get(fmt)
    if not isinstance(entry, dict) or entry.get("inputs") != inputs.key:
        return False
    return file_digest(out_dir / str(entry.get("file"))) == entry.get("sha256")


def record_json(record: dict) -> bytes:
    return json.dumps({"version": RECORD_VERSION, "outputs": record}, indent=1, sort_keys=True).encode()
