"""A campaign document as flat form fields and back, and the builder's edits to its lists.

Each field is named by its path in the document, the same path a definition problem names:
`use_cases[0].steps[1].instruction.fr-FR`. A form of such fields works without JavaScript,
and each problem finds its field by name.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """`use_cases[0].title.en-GB` → ['use_cases', 0, 'title', 'en-GB']."""
    return [int(index) if index else name for name, index in _SEGMENT.findall(path)]


def path_text(parts: list[str | int]) -> str:
    """The inverse of `parse_path`."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def flatten(document: Any, prefix: str = "") -> dict[str, str]:
    """Every leaf of the document by its path, as form text (booleans as `true`/`false`)."""
    fields: dict[str, str] = {}
    if isinstance(document, dict):
        for key, value in document.items():
            fields |= flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            fields |= flatten(value, f"{prefix}[{index}]")
    elif isinstance(document, bool):
        fields[prefix] = "true" if document else "false"
    elif document is not None:
        fields[prefix] = str(document)
    return fields


def unflatten(fields: dict[str, str]) -> dict[str, Any]:
    """The document a form's fields describe. Blank fields are left out (an optional field
    emptied is absent, a required one is then reported missing), and so are lists' holes."""
    document: dict[str, Any] = {}
    for path, value in fields.items():
        if value.strip() == "":
            continue
        parts = parse_path(path)
        if not parts or not isinstance(parts[0], str):
            continue
        node: Any = document
        for part, following in pairwise(parts):
            node = _child(node, part, [] if isinstance(following, int) else {})
            if node is None:
                break
        else:
            _assign(node, parts[-1], value.strip())
    return _compact(document)


def _child(node: Any, part: str | int, empty: Any) -> Any:
    if isinstance(node, dict) and isinstance(part, str):
        return node.setdefault(part, empty)
    if isinstance(node, list) and isinstance(part, int):
        while len(node) <= part:
            node.append(None)
        if node[part] is None:
            node[part] = empty
        return node[part]
    return None


def _assign(node: Any, part: str | int, value: str) -> None:
    if isinstance(node, dict) and isinstance(part, str):
        node[part] = value
    elif isinstance(node, list) and isinstance(part, int):
        while len(node) <= part:
            node.append(None)
        node[part] = value


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _compact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_compact(item) for item in value if item is not None]
    return value


def list_at(document: dict[str, Any], path: str) -> list[Any] | None:
    """The list the path names in the document, created empty where its parent exists."""
    parts = parse_path(path)
    node: Any = document
    for part in parts[:-1]:
        node = node[part] if _holds(node, part) else None
        if node is None:
            return None
    last = parts[-1]
    if isinstance(node, dict) and isinstance(last, str):
        found = node.setdefault(last, [])
        return found if isinstance(found, list) else None
    return None


def _holds(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _item(document: dict[str, Any], item_path: str) -> tuple[list[Any], int] | None:
    """The list holding the item a path names (`use_cases[2]`), and its index there."""
    parts = parse_path(item_path)
    if not parts or not isinstance(parts[-1], int):
        return None
    items = list_at(document, path_text(parts[:-1]))
    if items is None or not 0 <= parts[-1] < len(items):
        return None
    return items, parts[-1]


def move(document: dict[str, Any], item_path: str, offset: int) -> bool:
    """Move a list item (`use_cases[2]`) up (-1) or down (+1); whether it moved."""
    found = _item(document, item_path)
    return found is not None and move_to(document, item_path, found[1] + offset)


def move_to(document: dict[str, Any], item_path: str, index: int) -> bool:
    """Move a list item to position `index` of its list (a drag and drop); whether it moved."""
    found = _item(document, item_path)
    if found is None or not 0 <= index < len(found[0]):
        return False
    items, current = found
    items.insert(index, items.pop(current))
    return True


def remove(document: dict[str, Any], item_path: str) -> bool:
    """Take a list item out; whether there was one."""
    found = _item(document, item_path)
    if found is None:
        return False
    del found[0][found[1]]
    return True


def append(document: dict[str, Any], list_path: str, item: Any) -> bool:
    """Add an item at the end of the list the path names; whether the list exists."""
    items = list_at(document, list_path)
    if items is None:
        return False
    items.append(item)
    return True
