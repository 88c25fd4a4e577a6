"""Reading definitions from YAML, TOML or JSON, with errors that name the line and the field."""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import msgspec
import msgspec.inspect as mi
import yaml

from campaigns.problems import (
    MISSING_FIELD,
    NOT_ONE_OF,
    NOT_VALID,
    TOO_LONG,
    TOO_LONG_SIZED,
    UNKNOWN_FIELD,
    UNKNOWN_FIELD_NEAR,
    DefinitionError,
    Problem,
)
from campaigns.rules import check_rules
from campaigns.schema import CampaignDefinition

Format = Literal["yaml", "toml", "json"]

# A real campaign (10 use cases, 8 locales) is under 200 kB; past this, parsing is the attack.
MAX_DEFINITION_BYTES = 1_048_576

_ERROR_PATH = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_SEGMENT = re.compile(r"\.(\w+)|\[(\d+)\]")
_TOO_LONG = re.compile(r"Expected `(\w+)` of length <= (\d+)")


# LibYAML's parser where PyYAML was built with it: several times faster than pure Python.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YamlLoader(_SafeLoader):
    """YAML 1.2 booleans: only true/false. `NO` (Norway) and `no` stay strings."""


_YamlLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def format_of(name: str, content_type: str | None = None) -> Format:
    """The format a file name or media type stands for (YAML unless it says otherwise)."""
    hint = f"{content_type or ''} {name}".lower()
    if "toml" in hint:
        return "toml"
    if "json" in hint:
        return "json"
    return "yaml"


def load_definition(text: str, fmt: Format, source: str | None = None) -> CampaignDefinition:
    """Parse and validate a definition; raise DefinitionError listing every problem."""
    raw, lines = _parse(text, fmt, source)
    return definition_from(raw, source, lines)


def definition_from(
    raw: Any,
    source: str | None = None,
    lines: dict[str, int] | None = None,
    *,
    from_text: bool = False,
) -> CampaignDefinition:
    """Validate already-parsed data (a JSON body, a patched document) as a definition;
    `from_text` reads numbers and yes/no written as text, as a form sends them."""
    lines = lines or {}
    try:
        definition = msgspec.convert(raw, CampaignDefinition, strict=not from_text)
    except msgspec.ValidationError as error:
        raise DefinitionError([_explain(error, raw, lines)], source) from error
    errors, _ = check_rules(definition)
    if errors:
        raise DefinitionError([_locate(problem, lines) for problem in errors], source)
    return definition


def load_file(path: Path) -> CampaignDefinition:
    """Read and validate a definition file."""
    return load_definition(path.read_text(encoding="utf-8"), format_of(path.name), str(path))


def warnings_for(definition: CampaignDefinition, text: str, fmt: Format) -> list[Problem]:
    """The rules' warnings (fallback translations), located in the source text."""
    _, lines = _parse(text, fmt, None)
    return [_locate(problem, lines) for problem in check_rules(definition)[1]]


def _parse(text: str, fmt: Format, source: str | None) -> tuple[Any, dict[str, int]]:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DEFINITION_BYTES:
        limit = MAX_DEFINITION_BYTES // 1024
        problem = Problem("", f"the file is {size // 1024} kB; the limit is {limit} kB")
        raise DefinitionError([problem], source)
    try:
        if fmt == "toml":
            return tomllib.loads(text), _toml_lines(text)
        if fmt == "json":
            return json.loads(text), {}
        _bound_expansion(text)
        node = yaml.compose(text, Loader=_YamlLoader)
        return yaml.load(text, Loader=_YamlLoader), _yaml_lines(node)  # noqa: S506 - safe loader
    except _TooLarge as error:
        problem = Problem("", str(error), error.line)
    except RecursionError:
        problem = Problem("", "the document is nested too deeply to be a campaign")
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        # PyYAML 6.0.3 and later stop deep nesting themselves, before our own count does.
        if "nesting depth" in (error.problem or ""):
            problem = Problem("", "the document is nested too deeply to be a campaign", line)
        else:
            problem = Problem("", f"not valid YAML: {error.problem}", line)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+)", str(error))
        problem = Problem("", f"not valid TOML: {error}", int(found[1]) if found else None)
    except json.JSONDecodeError as error:
        problem = Problem("", f"not valid JSON: {error.msg}", error.lineno)
    except UnicodeDecodeError:
        problem = Problem("", "the file is not UTF-8 text")
    raise DefinitionError([problem], source)


# Nodes a definition may hold once aliases are expanded, and how deep it may nest: far above
# any real campaign, far below what a few hundred bytes of aliases can expand to.
MAX_YAML_NODES = 250_000
MAX_YAML_DEPTH = 100
_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _TooLarge(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _bound_expansion(text: str) -> None:
    """Count what the document expands to from the parser's events, before anything is built:
    an alias can turn a few hundred bytes into gigabytes ("billion laughs")."""
    sizes: dict[str, int] = {}
    open_collections: list[list[Any]] = []
    total = 0
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, _NODE_EVENTS):
            size = sizes.get(event.anchor, 1) if isinstance(event, yaml.AliasEvent) else 1
            total += size
            for collection in open_collections:
                collection[1] += size
            line = event.start_mark.line + 1
            if total > MAX_YAML_NODES:
                raise _TooLarge(
                    f"the document expands to more than {MAX_YAML_NODES:,} values "
                    "(through aliases?); a campaign needs far fewer",
                    line,
                )
            if isinstance(event, yaml.ScalarEvent) and event.anchor:
                sizes[event.anchor] = 1
            if isinstance(event, _OPENING):
                open_collections.append([event.anchor, 1])
                if len(open_collections) > MAX_YAML_DEPTH:
                    raise _TooLarge("the document is nested too deeply to be a campaign", line)
        elif isinstance(event, _CLOSING):
            anchor, size = open_collections.pop()
            if anchor:
                sizes[anchor] = size


def _yaml_lines(node: yaml.Node | None, path: str = "") -> dict[str, int]:
    """Field path (`use_cases[3].steps[2].stage`) → 1-based line, from the composed YAML."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            lines[child] = key.start_mark.line + 1
            lines.update(_yaml_lines(value, child))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            lines[child] = item.start_mark.line + 1
            lines.update(_yaml_lines(item, child))
    return lines


_TOML_ARRAY = re.compile(r"^\s*\[\[\s*([\w.\s]+?)\s*\]\]")
_TOML_TABLE = re.compile(r"^\s*\[\s*([\w.\s]+?)\s*\]")
_TOML_KEY = re.compile(r"^\s*([\w.\-\"]+)\s*=")


def _toml_lines(text: str) -> dict[str, int]:
    """Field path → line for TOML: follows [tables] and [[arrays of tables]] line by line.

    Values spread over several lines (inline arrays) are located at their key.
    """
    lines: dict[str, int] = {}
    last_index: dict[str, int] = {}
    current = ""

    def resolve(names: list[str]) -> str:
        path = ""
        for name in names:
            path = f"{path}.{name}" if path else name
            if path in last_index:
                path = f"{path}[{last_index[path]}]"
        return path

    for number, line in enumerate(text.splitlines(), start=1):
        if match := _TOML_ARRAY.match(line):
            *parents, name = [part.strip() for part in match[1].split(".")]
            array = f"{resolve(parents)}.{name}" if parents else name
            last_index[array] = last_index.get(array, -1) + 1
            current = f"{array}[{last_index[array]}]"
            lines.setdefault(array, number)
            lines[current] = number
        elif match := _TOML_TABLE.match(line):
            current = resolve([part.strip() for part in match[1].split(".")])
            lines[current] = number
        elif match := _TOML_KEY.match(line):
            key = match[1].replace('"', "")
            lines[f"{current}.{key}" if current else key] = number
    return lines


def _locate(problem: Problem, lines: dict[str, int]) -> Problem:
    """The problem with the line of its field, or of the nearest enclosing field."""
    path = problem.path
    while path:
        if path in lines:
            return msgspec.structs.replace(problem, line=lines[path])
        # Drop the last segment (`.name`, `.fr-FR` or `[3]`); stop if nothing could be dropped.
        shorter = re.sub(r"(\.?[^.\[\]]+|\[\d+\])$", "", path)
        if shorter == path:
            break
        path = shorter
    return problem


def _explain(error: msgspec.ValidationError, raw: Any, lines: dict[str, int]) -> Problem:
    """msgspec's message rewritten for a person: allowed values, near-miss field names."""
    text = str(error)
    found = _ERROR_PATH.search(text)
    path = found["path"].lstrip(".") if found else ""
    message = text[: found.start()] if found else text
    value, info = _walk(raw, path)

    if found_field := re.match(r"Object contains unknown field `(.+)`", message):
        name = found_field[1]
        path = f"{path}.{name}" if path else name
        message = UNKNOWN_FIELD.format(name=name)
        if isinstance(info, mi.StructType):
            close = difflib.get_close_matches(name, [f.encode_name for f in info.fields], n=1)
            if close:
                message = UNKNOWN_FIELD_NEAR.format(name=name, close=close[0])
    elif found_field := re.match(r"Object missing required field `(.+)`", message):
        message = MISSING_FIELD.format(name=found_field[1])
    elif message.startswith(("Invalid enum value", "Invalid value")) and (
        allowed := _allowed_values(info)
    ):
        message = NOT_ONE_OF.format(value=repr(value), allowed=", ".join(map(str, allowed)))
    elif found_limit := _TOO_LONG.match(message):
        unit = "characters" if found_limit[1] == "str" else "items"
        # The size is known only when the path led to the value itself, not into a mapping.
        sized = isinstance(value, str) if unit == "characters" else isinstance(value, list)
        size, limit = len(value) if sized else None, found_limit[2]
        if size:
            message = TOO_LONG_SIZED.format(limit=limit, unit=unit, size=size)
        else:
            message = TOO_LONG.format(limit=limit, unit=unit)
    elif (description := _description(info)) and value is not None:
        message = NOT_VALID.format(value=repr(value), description=description)
    else:
        message = message[:1].lower() + message[1:]
    return _locate(Problem(path, message), lines)


def _walk(raw: Any, path: str) -> tuple[Any, mi.Type | None]:
    """The raw value at `path` and the schema type that describes it."""
    info: mi.Type | None = mi.type_info(CampaignDefinition)
    value = raw
    for name, index in _SEGMENT.findall(f".{path}" if path else ""):
        info = _unwrap(info, value)
        if index:
            value = value[int(index)] if isinstance(value, list) else None
            info = info.item_type if isinstance(info, mi.ListType) else None
        else:
            value = value.get(name) if isinstance(value, dict) else None
            if isinstance(info, mi.UnionType) and name == "kind":
                continue  # the tag itself: the union lists the allowed kinds
            fields = {f.encode_name: f.type for f in getattr(info, "fields", ())}
            info = fields.get(name)
    return value, _unwrap(info, value)


def _unwrap(info: mi.Type | None, value: Any) -> mi.Type | None:
    """Strip Annotated metadata (unless it describes a format) and Optional; pick the tagged
    struct a raw question names by its `kind`."""
    while True:
        if isinstance(info, mi.Metadata) and not _description(info):
            info = info.type
        elif isinstance(info, mi.UnionType):
            members = [t for t in info.types if not isinstance(t, mi.NoneType)]
            tag = value.get("kind") if isinstance(value, dict) else None
            tagged = [t for t in members if isinstance(t, mi.StructType) and t.tag == tag]
            if tagged:
                return tagged[0]
            if len(members) != 1:
                return info
            info = members[0]
        else:
            return info


def _allowed_values(info: mi.Type | None) -> list[Any]:
    if isinstance(info, mi.EnumType):
        return [member.value for member in info.cls] if issubclass(info.cls, Enum) else []
    if isinstance(info, mi.LiteralType):
        return list(info.values)
    if isinstance(info, mi.UnionType):
        return [t.tag for t in info.types if isinstance(t, mi.StructType) and t.tag]
    return []


def _description(info: mi.Type | None) -> str | None:
    if isinstance(info, mi.Metadata) and info.extra_json_schema:
        return info.extra_json_schema.get("description")
    return None
