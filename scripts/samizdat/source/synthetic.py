"""Synthetic books for tests and benchmarks, made from a real book's words.

`make_book` writes a complete book directory (book.yaml, registry, notes,
emendations, seeds) whose text is generated from the vocabulary and
names of a source book, at about the number of printed pages asked for.
Generation is seeded, so the same arguments give the same book.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

WORDS_PER_PAGE = 330  # at the default 6 x 9 in trim and 11 pt type


def _vocabulary(seed_text: str) -> list[str]:
    body = seed_text.split("\n", 1)[1]
    return [w for w in re.findall(r"[A-Za-z’]+", body) if w[0].islower()]


def _sentence(rng: random.Random, vocab: list[str], forms: list[str]) -> str:
    words = [rng.choice(vocab) for _ in range(rng.randint(8, 22))]
    if forms and rng.random() < 0.35:
        words.insert(rng.randrange(1, len(words)), rng.choice(forms))
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words) + "."


def make_book(dest: Path, source_book: Path, *, pages: int = 60, instalments: int = 1, seed: int = 1,
              new_person: str | None = None, notes_per_instalment: int = 3, emendations_per_instalment: int = 2,
              introduction_pages: int = 0) -> Path:
    """Write a synthetic book beside `dest/seeds`; return `dest/book`.

    The book has the source book's styles if it has its own, else samizdat's.

    `new_person`, if given, is a name used in the last instalment but absent
    from the registry (what a new instalment's lint should catch).
    `introduction_pages`, if given, adds an editor's introduction of about
    that many pages (front matter, numbered in roman), naming registered names.
    """
    rng = random.Random(seed)
    source_seeds = Path(yaml.safe_load((source_book / "book.yaml").read_text(encoding="utf-8")).get("seeds_dir", "seeds"))
    seed_files = sorted((source_book / source_seeds).glob("*.txt"))
    vocab = _vocabulary(seed_files[0].read_text(encoding="utf-8"))
    registry = yaml.safe_load((source_book / "names.yaml").read_text(encoding="utf-8"))
    # Names recur through the text; a few persons are used so ranges form.
    # Cross-reference entries have no forms; sub-entries have their own.
    entries = [e for group in registry.values() for top in group for e in (top, *top.get("sub", []))]
    forms = [e["forms"][0] for e in entries if e.get("forms") and " " not in e["forms"][0]][:14]

    book, seeds = dest / "book", dest / "seeds"
    book.mkdir(parents=True)
    seeds.mkdir()
    if (source_book / "styles").is_dir():
        shutil.copytree(source_book / "styles", book / "styles")
    (book / "names.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")

    words_each = max(200, pages * WORDS_PER_PAGE // instalments)
    emendations, notes, contents = [], [], ["titlepage", "contents"]
    if introduction_pages:
        paragraphs, count = [], 0
        while count < introduction_pages * WORDS_PER_PAGE:
            paragraph = " ".join(_sentence(rng, vocab, forms) for _ in range(rng.randint(3, 7)))
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        (book / "introduction.md").write_text("## About this book\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        contents.append({"introduction": "introduction.md"})
    marker = 0
    for n in range(1, instalments + 1):
        name = f"{n:03d}_synthetic.txt"
        paragraphs, count = [], 0
        while count < words_each:
            sentences = [_sentence(rng, vocab, forms) for _ in range(rng.randint(3, 7))]
            if new_person and n == instalments and rng.random() < 0.3:
                sentences.insert(1, f"Then {new_person} spoke to me.")
            marker += 1
            # A unique sentence per paragraph gives notes and emendations an anchor.
            sentences.append(f"The file numbered {marker} was sealed.")
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        if new_person and n == instalments and not any(new_person in p for p in paragraphs):
            paragraphs[0] += f" Then {new_person} spoke to me."
        (seeds / name).write_text(f"Synthetic instalment ({n})\n\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        contents.append({"instalment": name})
        picks = rng.sample(range(marker - len(paragraphs) + 1, marker + 1), min(len(paragraphs), notes_per_instalment + emendations_per_instalment))
        for k in picks[:emendations_per_instalment]:
            emendations.append({"id": f"e-{k}", "seed": name, "original": f"numbered {k} was sealed",
                                "reading": f"numbered {k} was closed", "reason": "Synthetic emendation.",
                                "confidence": "high", "source": []})
        for k in picks[emendations_per_instalment:]:
            notes.append({"id": f"n-{k}", "anchor": {"file": name, "phrase": f"The file numbered {k} was"},
                          "text": f"A synthetic note on file {k}."})
    contents += ["apparatus", "notes", "index"]
    (book / "emendations.yaml").write_text(yaml.safe_dump(emendations, sort_keys=False), encoding="utf-8")
    (book / "notes.yaml").write_text(yaml.safe_dump(notes, sort_keys=False), encoding="utf-8")
    metadata = {
        "id": f"synthetic-{seed}", "title": "A Synthetic Book", "language": "en",
        "authors": [{"name": "A. N. Author", "file_as": "Author, A. N.", "role": "aut"}],
        "publisher": "samizdat", "date": "2026", "rights": "Generated text for testing.",
        "description": "Generated text in the vocabulary of a real seed.",
        "series": {"title": "A Synthetic Book", "position": instalments},
        "seeds_dir": "../seeds", "contents": contents,
    }
    (book / "book.yaml").write_text(yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return book
