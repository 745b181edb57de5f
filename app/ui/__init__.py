"""The PySide6 desktop window: presents and edits only what ``app.core`` owns.

PySide6 6.12 on CPython 3.11 returns ``None`` from every void method without taking a
reference to it (the binding assumes the immortal ``None`` of Python 3.12+). Each call then
steals one reference, and after a few thousand calls CPython aborts with "deallocating None".
Importing this package first gives ``None`` the huge reference count it has on 3.12, so no
number of Qt calls can bring it to zero.
"""

import ctypes
import sys

if sys.version_info < (3, 12):
    for immortal in (None, True, False):  # bools too: a long run aborted on "deallocating True"
        ctypes.c_ssize_t.from_address(id(immortal)).value += 1 << 48
