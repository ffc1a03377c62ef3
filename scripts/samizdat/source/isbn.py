"""ISBN-13, checked: the barcode library would silently replace a wrong check digit."""

from __future__ import annotations


def isbn13(text: str) -> str:
    """The 13 digits of an ISBN-13 written with or without hyphens and spaces; ValueError says what is wrong."""
    digits = "".join(c for c in text if c not in "- ")
    if not digits.isascii() or not digits.isdigit() or len(digits) != 13:
        raise ValueError(f"'isbn' must be an ISBN-13 of 13 digits (hyphens allowed), not '{text}'")
    if not digits.startswith(("978", "979")):
        raise ValueError(f"'isbn' {text}: an ISBN-13 begins with 978 or 979")
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12])) % 10) % 10
    if int(digits[12]) != check:
        raise ValueError(f"'isbn' {text}: the check digit is {digits[12]}, but the first twelve digits give {check}"
                         " (a digit mistyped?)")
    return digits
