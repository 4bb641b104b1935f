"""The MSP thesaurus: its groups' hygiene and query expansion (no database)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from context_recall.search import thesaurus
from context_recall.search.analysis import tokenize
from context_recall.search.thesaurus import (
    CONCEPTS,
    MISSPELLINGS,
    REGIONAL_SPELLING,
    SPELLING,
    STOP_PHRASES,
    canonical_spelling,
    expand,
)

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


def has(text: str, *members: str) -> None:
    out = ex(text)
    for member in members:
        assert tuple(tokenize(member)) in out, (text, member)


def lacks(text: str, *members: str) -> None:
    out = ex(text)
    for member in members:
        assert tuple(tokenize(member)) not in out, (text, member)


def test_power_and_facilities():
    has("the emergency power thing is beeping", "ups", "battery backup")
    has("battery backup unit", "uninterruptible power supply", "apc")
    has("brown out this morning", "power dip", "voltage sag")
    has("rack pdu", "power distribution unit")
    has("standby generator", "genset")
    has("the cctv recorder", "nvr", "security camera")
    has("key fob not opening the door", "access control", "badge")
    has("in the comms cupboard", "server room", "idf", "wiring closet")
    has("aircon failed", "hvac", "air conditioning")
    has("the server is overheating", "too hot", "high temperature")
    has("patch panel", "patch bay")
    lacks("patch panel", "update", "hotfix")  # hardware, not a software patch


def test_network_areas():
    has("cameras on their own vlan", "network segmentation", "subnet", "separate network")
    has("perimeter network", "dmz")
    has("outbound nat", "network address translation")
    has("leased line", "internet", "wan", "broadband")
    has("secondary connection", "backup internet", "4g failover")
    has("failover", "redundancy", "high availability")
    has("sdwan", "sd-wan")  # one token or two: both reach the group
    has("wifi roaming between floors", "handoff", "fast transition")
    has("APs", "access point", "wap")
    has("scope exhausted", "lease exhaustion", "dhcp full")
    has("dhcp reservation", "static ip")
    lacks("hotspot", "access point")  # a phone's hotspot, not the office wifi


def test_identity_and_m365():
    has("second factor", "mfa", "2fa", "authenticator")
    has("reset my own password", "sspr", "self-service password reset")
    lacks("sspr", "change password")  # self-service is its own thing
    has("sign-in policy", "conditional access")
    has("intranet", "sharepoint", "team site")
    has("known folder move", "folder redirection", "kfm")
    has("teams chat", "instant message")
    has("can't book the boardroom", "room mailbox", "resource calendar")
    has("all staff email", "distribution list")
    has("sensitivity labels", "information protection")
    has("data loss prevention", "dlp")
    has("legal hold", "litigation hold")
    has("external sharing", "guest access", "guest user")
    has("idle licences", "unassigned license", "unused license", "unused licence")


def test_endpoints_and_security():
    has("S1 flagged it", "sentinelone", "antivirus", "crowdstrike")
    has("unlock key", "recovery key", "bitlocker key")
    has("local admin password", "laps")
    has("dodgy email", "phishing", "suspicious email")
    has("files encrypted", "ransomware", "cryptolocker")
    has("tabletop exercise", "drill", "rehearsal")
    has("incident response plan", "incident plan")
    has("memory stick", "removable media", "usb stick", "pen drive")
    has("block usb", "device control")
    has("patch window", "maintenance window")


def test_servers_storage_and_backup():
    has("vsphere", "hypervisor", "esxi", "hyper-v")
    has("storage box", "nas", "synology")
    has("department folder", "shared drive", "network drive")
    has("who can edit this folder", "permission", "ntfs")
    has("raid array", "disk array")
    has("bring back a deleted file", "restore", "undelete")
    lacks("bring back a deleted file", "backup job")  # a restore, not the backup
    has("the datto", "bcdr", "backup appliance")
    has("virtualise it on the appliance", "spin up", "instant recovery")
    lacks("datto rmm", "bcdr")  # the RMM, not the appliance


def test_business_apps_and_ot():
    has("quickbooks", "accounting software", "sage", "bookkeeping")
    has("erp system", "epicor")
    has("solidworks", "cad", "3d model")
    has("ladder logic", "plc", "plc program")
    has("operator panel", "hmi", "scada")
    has("manufacturing execution system", "mes")
    has("zebra", "label printer")


def test_printing_and_telephony():
    has("photocopier", "mfp", "multifunction printer")
    has("out of toner", "low toner", "toner empty")
    has("print job stuck", "stuck in queue")
    has("the ring group", "hunt group", "call queue")
    has("sip trunking", "sip trunk")
    has("answerphone", "voicemail")
    has("desk phone", "handset")
    has("3cx", "pbx", "phone system")
    has("number porting", "lnp", "number transfer")
    has("direct dial", "phone number", "ddi")


def test_general_terms():
    has("decommissioned the old server", "retire", "phase out")
    has("get rid of the old nas", "decommission")
    has("third-party supplier", "vendor", "contractor")
    has("during opening hours", "business hours", "working hours")
    lacks("during opening hours", "after hours")  # the opposite
    has("after hours", "out of hours")
    has("the managing director", "md", "ceo", "boss")
    has("bounce the server", "restart", "power cycle")
    lacks("we did it yesterday", "phone number")  # "did" is no direct-inward-dial


def test_plain_words_for_technical_terms():
    """The third round: how clients and technicians say things in everyday words."""
    has("we need a spare line in case the ISP fails", "backup internet", "wan failover")
    has("the other site cannot reach the file server", "branch office", "remote site")
    has("reset it themselves", "sspr", "self service password reset")
    has("everyone could edit the folder", "overshared", "excessive permission")
    has("rip out the old antivirus", "decommission", "ditch")
    has("S1 agent on the laptops", "antivirus", "endpoint protection", "edr")
    has("the big machines on the shop floor", "machinery", "production equipment")
    has("reserve a room for the meeting", "room mailbox", "resource calendar")
    has("price increase at renewal", "price hike", "uplift")
    has("patch night", "maintenance window", "patch window")
    has("the clock has drifted", "time drift", "clock skew")
    has("digitise paper records", "digitize", "scanner")
    has("own phone for work email", "byod", "personal device")
    has("a power glitch knocked out the switch", "brownout", "power dip")
    lacks("the time zone is wrong", "segmentation", "vlan")  # a zone is no network segment
    lacks("the supplier will get back to us", "restore")  # a stop phrase


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
    assert 300 <= len(CONCEPTS) <= 600
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
