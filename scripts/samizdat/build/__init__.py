"""One build of a book: its inputs and their key, the incremental record, atomic writes, watch.

`build()` runs the pipeline (source -> assemble -> render) and writes the
outputs only when everything has been built; a build whose inputs have not
changed does nothing, without loading the book or WeasyPrint.
"""

from .pipeline import BuildResult, build, load_manuscript

__all__ = ["BuildResult", "build", "load_manuscript"]
