"""Bytes of unknown origin to text: UTF-8 first, then the single-byte encoding that reads
as one language, Western first; never a crash.

charset_normalizer alone was measured on headline-length news (tests/core/test_encodings.py):
it read Latin-1 French and German as Central European or Baltic ("Réunion ŕ Genčve",
"Cafķ ... Z³rich"), because a short text gives its statistics too little to go on. The
single-byte encodings of European news differ only in which letters their high bytes
stand for, so each candidate decoding is judged by what a reader would notice: letters that
no one language writes together (ø, ³ and ¹ in one text), symbols inside words
("przyj¹³"), control characters, and words whose case flips mid-word (KOI8-R read as
Windows-1251). The best reading wins; ties go to the more common Western encodings, so
another encoding is chosen only when it reads clearly better. charset_normalizer's guess is
one more candidate, for text in none of these encodings.
"""

import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from app.core.errors import ImportFailed

# In order of preference: Western first (Latin-1 text reads the same as Windows-1252 but
# for C1 control codes, which real text never has), then Central European, Cyrillic, Greek,
# Turkish.
CANDIDATES = ("cp1252", "iso-8859-15", "cp1250", "iso-8859-2", "cp1251", "koi8-r",
              "iso-8859-7", "cp1253", "cp1254")  # fmt: skip
# Letters beyond ASCII that one language writes; a right decoding keeps a text within one.
_ALPHABETS = tuple(
    frozenset(letters)
    for letters in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüßéàè",  # German, with its common loanwords
        "áéíñóúüàèç",  # Spanish, Catalan
        "áâãàçéêíóôõúü",  # Portuguese
        "àèéìíîòóùú",  # Italian
        "áéëïóöüèêàç",  # Dutch, Afrikaans
        "åäöæøéáíóúýðþü",  # Nordic
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "áéíóöőúüű",  # Hungarian
        "čšžćđ",  # Slovenian, Croatian, Bosnian
        "ăâîșşțţ",  # Romanian
        "çğıöşüâî",  # Turkish
        "".join(map(chr, range(0x430, 0x460))),  # Cyrillic
        "".join(map(chr, range(0x3AC, 0x3CF))) + "ΐ",  # Greek
    )
)
# Signs news prints on their own: currencies, degrees, fractions, copyright.
_USUAL_SIGNS = frozenset("€£¥¢$°§©®™±×÷½¼¾¹²³µ")
# Enough text to judge by; a whole 5 MB file would take seconds per candidate.
_SAMPLE_BYTES = 64 * 1024


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a known binary signature mean this is not text of any encoding."""
    head = data[:4096]
    signatures = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF")
    return head.startswith(signatures) or b"\x00" in head


def misreadings(text: str) -> int:
    """How many signs of a wrong decoding ``text`` shows; 0 reads as one language.

    A sign: a control, symbol or odd number touching a letter ("Z³rich", "½uvre"), or alone
    unless it is a usual sign of news (currency, degree, copyright); a Greek or Cyrillic
    letter touching a Latin one ("њuvre"); a capital after a small letter in a word; and,
    for the text as a whole, each European letter beyond the one alphabet that fits best.
    """
    signs = 0
    for position, char in enumerate(text):
        if ord(char) < 0x80:
            continue
        before = text[position - 1] if position else " "
        after = text[position + 1 : position + 2] or " "
        touches_letter = before.isalpha() or after.isalpha()
        if unicodedata.category(char)[0] in "CSN" or char == "\ufffd":
            signs += 2 if touches_letter else 0 if char in _USUAL_SIGNS else 1
        elif (char.isupper() and before.islower()) or (
            _greek_or_cyrillic(char) and (_latin(before) or _latin(after))
        ):
            signs += 1
    # Letters of other scripts (Hebrew, Arabic, Japanese...) come from charset_normalizer's
    # guess and are judged by the signs above alone.
    letters = {c for c in text.lower() if 0x80 <= ord(c) < 0x530 and c.isalpha()}
    return signs + min(len(letters - alphabet) for alphabet in _ALPHABETS)


def _latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _greek_or_cyrillic(char: str) -> bool:
    return 0x370 <= ord(char) < 0x530


def decode_bytes(data: bytes, path: Path | str = "<input>") -> str:
    """Decode text bytes; raises ImportFailed naming ``path`` when they are not text."""
    if looks_binary(data):
        raise ImportFailed(path, "binary file, not text")
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE_BYTES]
    guess = from_bytes(sample).best()
    candidates = list(CANDIDATES)
    if guess is not None and guess.encoding and guess.encoding not in candidates:
        candidates.append(guess.encoding)
    best_encoding, best_signs = "cp1252", None
    for encoding in candidates:
        signs = misreadings(sample.decode(encoding, errors="replace"))
        if best_signs is None or signs < best_signs:
            best_encoding, best_signs = encoding, signs
    return data.decode(best_encoding, errors="replace")
