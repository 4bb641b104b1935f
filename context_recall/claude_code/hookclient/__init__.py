"""The MSP Claude Code hook client, as a package of small modules.

Users download one file, ``context_recall/claude_code/client.py``, generated from these
modules by ``python -m context_recall.claude_code.build`` (a test checks that the file in
the repository is byte for byte what the generator writes). The modules must therefore:

- import only the standard library, and each other with single ``from .module import
  name`` lines (the generator drops those: in the single file all names share one
  namespace, so no two modules may define the same top-level name);
- keep the hook's hot path cheap: a prompt hook pays every import at every prompt, so
  subprocess, gzip, argparse... are imported inside the functions that use them.

Nothing is imported here: ``import context_recall.claude_code.hookclient.events`` (the
server does) must not pull in the rest.
"""
