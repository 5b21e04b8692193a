"""Every bound the tool enforces on what it reads, in one place (README, "Limits and safety").

A real annual report is a few dozen KB of text, a few pages, a few thousand HTML tags; each
bound is far above that and keeps the worst input of its kind to seconds and a few hundred MB.
"""

from __future__ import annotations

MAX_BYTES = 10 * 1024 * 1024      # bytes read from a file, a device, a pipe or stdin
MAX_CHARS = 5_000_000             # characters extracted from a Word, PDF or HTML file
MAX_PAGES = 500                   # pages of a PDF
MAX_TAGS = 100_000                # markup ("<") in an HTML page
MAX_UNZIPPED = 100 * 1024 * 1024  # bytes of a .docx package once unzipped
MAX_LIST_NUMBER = 100_000         # a Word list's counter (a larger start is shown as written)
