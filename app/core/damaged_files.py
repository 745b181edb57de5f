"""What reading a damaged file raises, by the kind of file: one list each, so every reader
of that kind treats a damaged file alike (reported or made again, never a traceback).

A zip (an imported EPUB or Word file, an ``.npz`` table) reports damage through zipfile and
zlib: a bad CRC, a truncated member, an unknown compression method, a member marked
encrypted (RuntimeError). The app's caches and tables are numpy files it wrote itself;
besides their zip errors, numpy reports a missing member, a short read, a shape too large
to allocate, and a header it parses as a Python literal (``ast``, then ``tokenize``), which
one damaged byte turns into ``SyntaxError`` or ``tokenize.TokenError``.
"""

import struct
import tokenize
import zipfile
import zlib

DAMAGED_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)

DAMAGED_NUMPY_ERRORS = (
    *DAMAGED_ZIP_ERRORS,
    KeyError,
    IndexError,
    TypeError,
    UnicodeError,
    struct.error,
    OverflowError,
    MemoryError,
    SyntaxError,
    tokenize.TokenError,
)
