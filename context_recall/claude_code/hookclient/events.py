"""The Claude Code hook events, one table shared by the client and the server.

The server imports this module (``context_recall.services.hooks``); the downloaded client
holds a copy generated from it, and a test checks that both agree. A new event goes
here first: then a handler in ``services.hooks.HANDLERS`` (a test fails while one is
missing) and, when the client must treat it differently, a branch in ``hook.run_hook``.
"""

from __future__ import annotations

# name: saves (sends the transcript lines not sent before), answers (the server answers
# with additionalContext that the client prints), timeout (Claude Code's own limit in
# seconds for the command we register; the client's network limits stay below it).
EVENTS = {
    "SessionStart": {"saves": False, "answers": True, "timeout": 15},
    "UserPromptSubmit": {"saves": False, "answers": True, "timeout": 10},
    "Stop": {"saves": True, "answers": False, "timeout": 30},
    "PreCompact": {"saves": True, "answers": False, "timeout": 30},
    "SessionEnd": {"saves": True, "answers": False, "timeout": 30},
}
PROMPT_EVENTS = tuple(name for name, event in EVENTS.items() if event["answers"])
SAVE_EVENTS = tuple(name for name, event in EVENTS.items() if event["saves"])
# Sent by `client.py status` to check the token: the server answers {} and stores nothing.
STATUS_EVENT = "MspClientStatus"
