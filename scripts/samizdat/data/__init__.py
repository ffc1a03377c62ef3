"""Files shipped in the package: the default styles and the template of `samizdat new`.

They are read from here, never from a source tree, so that an installed
samizdat (`pip install .`, not editable) has them too.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
STYLES_DIR = DATA_DIR / "styles"      # base.css (shared), print.css (PDF), epub.css (EPUB)
TEMPLATE_DIR = DATA_DIR / "template"  # a book directory that builds as it stands
