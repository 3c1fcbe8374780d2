"""The notebook layer: the ``%disks`` magic, the session, DataFrames, snippets and reprs.

Nothing here is imported by the client layer; pandas, IPython and widgets load only when used.
"""

from __future__ import annotations
