"""The MSP thesaurus: its groups' hygiene and query expansion (no database)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from context_recall.search import thesaurus
from context_recall.search.thesaurus import (
    CONCEPTS,
    MISSPELLINGS,
    REGIONAL_SPELLING,
    SPELLING,
    STOP_PHRASES,
    canonical_spelling,
    expand,
)
from context_recall.search.analysis import tokenize

pytestmark = []


def ex(text: str) -> list[tuple[str, ...]]:
    return expand(tokenize(text))


def test_phrase_expands_to_its_group():
    out = ex("management console")
    for words in [("web", "ui"), ("admin", "page"), ("web", "console"), ("dashboard",)]:
        assert words in out
    assert ("management", "console") not in out


def test_single_word_expands():
    out = ex("reboot")
    assert ("restart",) in out
    assert ("power", "cycle") in out


def test_paraphrases_meet():
    """The two ways of reporting the same fault reach each other's words."""
    asked = ex("can't reach the firewall admin page")
    assert ("web", "console") in asked and ("not", "loading") in asked
    noted = ex("Sophos web console not loading")
    assert ("admin", "page") in noted and ("can", "t", "reach") in noted


def test_no_self_expansion():
    out = ex("reboot or restart the server")
    assert ("reboot",) not in out and ("restart",) not in out and ("server",) not in out
    assert ("power", "cycle") in out


def test_deterministic_and_deduplicated():
    text = "mailbox full after the vpn dropped, user locked out, licence expired, rebooted pc"
    first = ex(text)
    assert first == ex(text)
    assert len(first) == len(set(first))
    assert all(isinstance(w, tuple) and w and all(isinstance(t, str) for t in w) for w in first)


def test_groups_in_query_order():
    out = ex("printer and wifi")
    assert out.index(("copier",)) < out.index(("wireless",))
    out = ex("wifi and printer")
    assert out.index(("wireless",)) < out.index(("copier",))


def test_negations_and_inflections_fold():
    for text in [
        "cannot connect",
        "can't connect",
        "cant connect",
        "unable to connect",
        "won't connect",
        "couldn't connect",
    ]:
        assert ("connection", "failed") in ex(text), text
    assert ("reboot",) in ex("rebooted")  # the base form is not in the query: offered
    assert ("restart",) in ex("restarting")
    assert ("print", "spooler") in ex("print queues")
    assert ("sign", "in") in ex("logged in")


def test_longest_match_wins():
    out = ex("remote desktop")
    assert ("rdp",) in out
    assert ("workstation",) not in out  # not a desktop computer
    out = ex("windows firewall")
    assert ("fortigate",) not in out  # the host's firewall, not the network's


def test_stop_phrases_and_guarded_folds():
    assert ex("just in case") == []
    assert ex("the server is back up and running") == ex("the server")
    assert ("screen",) not in ex("monitoring")  # monitoring is not a monitor
    assert ("network", "switch") not in ex("switched to the new tenant")


def test_spelling():
    assert canonical_spelling("licence") == "license"
    assert canonical_spelling("Organisation") == "organization"
    assert canonical_spelling("pasword") == "password"
    assert canonical_spelling("firewall") == "firewall"
    assert ("license",) in ex("licence")
    assert ("licence",) in ex("license")  # British notes are found from American queries
    assert ("admin", "centre") in ex("management console")
    assert ("password",) in ex("pasword")
    assert not any("pasword" in w for w in ex("password"))  # typos are never offered


def test_spelling_maps_are_consistent():
    assert not set(REGIONAL_SPELLING) & set(MISSPELLINGS)
    for variant, canonical in SPELLING.items():
        assert variant == variant.strip().lower() and canonical == canonical.strip().lower()
        assert variant != canonical
        assert canonical not in SPELLING  # one step reaches the canonical form


def test_groups_are_clean():
    assert 150 <= len(CONCEPTS) <= 250
    keys: Counter[tuple[str, ...]] = Counter()
    for group in CONCEPTS:
        assert len(group) >= 2, group
        assert len(group) == len(set(group)), group
        for member in group:
            assert member, group
            assert member == member.strip().lower(), member
            assert "  " not in member, member
            assert 1 <= len(member.split()) <= 3, member
            words = tokenize(member)
            assert words, member
            assert not set(words) & set(SPELLING), member  # written in canonical spelling
            keys[tuple(thesaurus._normalize(words))] += 1
    # A member (as matching sees it) belongs to one group only, so a query word never
    # pulls in two senses at once.
    assert [key for key, n in keys.items() if n > 1] == []
    for phrase in STOP_PHRASES:
        assert phrase and phrase == phrase.strip().lower()


def test_empty_and_unknown():
    assert expand([]) == []
    assert ex("the of and") == []
    assert ex("zxqv") == []


def test_long_prompt_completes():
    """A sanity bound, not a timing: a long prompt expands in one call."""
    text = " ".join(
        ["after the reboot the users cannot reach the sophos web console, the nas is slow,"] * 20
    )
    tokens = tokenize(text)
    assert len(tokens) >= 300
    out = expand(tokens)
    assert ("restart",) in out and ("file", "server") in out


def test_import_is_standard_library_only():
    path = Path(thesaurus.__file__)
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('t', {str(path)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "print('django' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
