"""SHA-256 without loading OpenSSL, for the hashes every start computes (the pack's, the cache key).

``import hashlib`` loads and initialises OpenSSL, which costs a few milliseconds of every
``kcscore score``; the interpreter's own SHA-256 module gives the same digests. The standard
library's ``random`` takes its SHA-512 the same way. An interpreter built without that module
falls back to ``hashlib``.
"""

from __future__ import annotations

try:
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:  # pragma: no cover - depends on the interpreter
    try:
        from _sha256 import sha256  # type: ignore[no-redef]  # Python 3.10 and 3.11
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment]  # an interpreter built without them

__all__ = ["sha256"]
