"""Campaign files read in a child process, so no file can hold the server.

Parsing YAML is CPU-bound Python: on the event loop (or in a thread, which nothing can stop)
a hostile file stalls every user. A child forked from a small server process that has already
imported the loader parses it under a memory cap and is killed once its time is up.
"""

from __future__ import annotations

import multiprocessing
import resource
from multiprocessing.connection import Connection

import anyio.to_thread
import msgspec

from backend.errors import Invalid
from campaigns.loading import Format, load_definition
from campaigns.problems import DefinitionError, Problem
from campaigns.schema import CampaignDefinition

PARSE_SECONDS = 10.0
# Far above what a 1 MB file needs once parsed; what a bomb would need is far above this.
PARSE_MEMORY_BYTES = 1 << 30

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["campaigns.loading"])


class _Refused(msgspec.Struct):
    problems: list[Problem]
    source: str | None


def _parse_in_child(connection: Connection, text: str, fmt: Format, source: str | None) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY_BYTES, PARSE_MEMORY_BYTES))
    try:
        definition = load_definition(text, fmt, source)
    except DefinitionError as error:
        connection.send_bytes(b"E" + msgspec.msgpack.encode(_Refused(error.problems, source)))
    else:
        connection.send_bytes(b"D" + msgspec.msgpack.encode(definition))
    finally:
        connection.close()


def _refused(message: str) -> Invalid:
    return Invalid("definition.unreadable", message)


async def parse_definition(text: str, fmt: Format, source: str | None) -> CampaignDefinition:
    """The definition in `text`, or DefinitionError listing its problems; a file that takes
    longer than PARSE_SECONDS or more memory than a campaign could need is refused."""
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(target=_parse_in_child, args=(sender, text, fmt, source))
    child.start()
    sender.close()
    try:
        if not await anyio.to_thread.run_sync(receiver.poll, PARSE_SECONDS):
            raise _refused(
                f"Reading this file took more than {PARSE_SECONDS:.0f} seconds; a campaign "
                "file is far simpler. Check it for repeated or generated content"
            )
        answer = await anyio.to_thread.run_sync(receiver.recv_bytes)
    except EOFError as error:
        raise _refused(
            "This file needs more memory to read than any campaign; check it for repeated "
            "or generated content"
        ) from error
    finally:
        child.kill()
        await anyio.to_thread.run_sync(child.join)
        receiver.close()
    if answer[:1] == b"E":
        refused = msgspec.msgpack.decode(answer[1:], type=_Refused)
        raise DefinitionError(refused.problems, refused.source)
    return msgspec.msgpack.decode(answer[1:], type=CampaignDefinition)
