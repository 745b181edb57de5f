"""What reading a damaged or foreign numpy file (``.npy``, ``.npz``) can raise.

The app's caches and tables (the version signatures, the index's document columns) are
numpy files it wrote itself; one damaged on disk is read as missing and made again. numpy
reports damage in many ways: zip errors (a bad CRC, an unknown compression method, an
"encrypted" flag), a missing member, a short read, a shape too large to allocate, and a
header it parses as a Python literal (``ast``, then ``tokenize``), which one damaged byte
turns into ``SyntaxError`` or ``tokenize.TokenError``. One list, so every reader treats a
damaged file alike.
"""

import struct
import tokenize
import zipfile
import zlib

DAMAGED_FILE_ERRORS = (
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    UnicodeError,
    zipfile.BadZipFile,
    NotImplementedError,
    RuntimeError,
    struct.error,
    zlib.error,
    OverflowError,
    MemoryError,
    SyntaxError,
    tokenize.TokenError,
)
