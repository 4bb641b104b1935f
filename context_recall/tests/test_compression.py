"""Compression of transcripts and free text: facts kept, bulk dropped, secrets never kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from context_recall.compression import (
    FINAL_CHARS,
    clip,
    compress_text,
    compress_transcript,
    extract_decisions,
    parse_jsonl,
)
from context_recall.testing.transcripts import generate_transcript, to_jsonl
from context_recall.token_estimate import estimate_tokens

FIXTURES = Path(__file__).parent / "fixtures"
# Fake secrets assembled at run time (see msp/tests/test_redaction.py).
AWS_ID = "AKIA" + "Q" * 16
PW = "Hunter" + "2xq!" + "9z"


def vpn_entries():
    return parse_jsonl((FIXTURES / "vpn-transcript.jsonl").read_text())


def test_estimate_is_chars_over_four_rounded_up():
    assert [estimate_tokens("x" * n) for n in (0, 1, 4, 5, 8, 9)] == [0, 1, 1, 2, 2, 3]


def test_fixture_transcript_summary():
    s = compress_transcript(vpn_entries())
    assert s.goals == [
        "The site-to-site VPN to the Phoenix office keeps dropping every hour. "
        "Find out why and fix it."
    ]
    assert s.files_written == ["/home/tech/src/acme-firewall/docs/vpn.md"]
    assert s.files_edited == ["/home/tech/src/acme-firewall/configs/pfsense-phx.xml"]
    failed = s.failed_commands
    assert [c.command for c in failed] == [
        "ssh admin@10.20.0.1 'ipsec statusall | grep -i lifetime'"
    ]
    assert "Connection timed out" in failed[0].error
    assert [c.command for c in s.commands if not c.failed] == [
        "ssh admin@172.31.9.1 'ipsec statusall | grep -i lifetime'"
    ]
    assert s.open_items == ["Ask the ISP for the remote Phase 1 proposal list"]
    assert s.final_state.startswith("Phase 2 lifetime on the Phoenix tunnel now matches")
    decision = next(d for d in s.decisions if "match the remote side" in d.decision)
    assert "landlord's ISP" in decision.reason
    assert s.raw_token_estimate > s.compressed_token_estimate


def test_parse_jsonl_skips_garbage_and_unknown_lines():
    text = '{"type": "user", "message": {"content": "hi there"}}\nnot json\n[1, 2]\n\n{"type": "x"}'
    entries = parse_jsonl(text)
    assert len(entries) == 2
    s = compress_transcript([*entries, {"type": "assistant", "message": "weird"}, "nope"])
    assert s.goals == ["hi there"]


def test_meta_prompts_and_slash_commands_are_not_goals():
    entries = [
        {"type": "user", "message": {"content": "<command-name>/clear</command-name>"}},
        {"type": "user", "isMeta": True, "message": {"content": "Caveat: local"}},
        {"type": "user", "message": {"content": [{"type": "text", "text": "Fix DNS"}]}},
    ]
    assert compress_transcript(entries).goals == ["Fix DNS"]


def test_non_zero_exit_code_counts_as_failure_without_is_error():
    entries = [
        {
            "type": "assistant",
            "message": {
                "content": [
                    {
                        "type": "tool_use",
                        "id": "t1",
                        "name": "Bash",
                        "input": {"command": "make test"},
                    }
                ]
            },
        },
        {
            "type": "user",
            "message": {
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "t1",
                        "content": [
                            {"type": "text", "text": "collected 3\nE assert 1 == 2\nExit code 2"}
                        ],
                    }
                ]
            },
        },
        {
            "type": "assistant",
            "message": {
                "content": [
                    {"type": "tool_use", "id": "t2", "name": "Bash", "input": {"command": "true"}}
                ]
            },
        },
        {
            "type": "user",
            "message": {
                "content": [{"type": "tool_result", "tool_use_id": "t2", "content": "Exit code 0"}]
            },
        },
    ]
    s = compress_transcript(entries)
    assert [(c.command, c.failed) for c in s.commands] == [("make test", True), ("true", False)]
    assert s.commands[0].error == "E assert 1 == 2"


def test_failed_edit_is_an_error_not_an_edited_file():
    entries = [
        {
            "type": "assistant",
            "message": {
                "content": [
                    {
                        "type": "tool_use",
                        "id": "e1",
                        "name": "Edit",
                        "input": {"file_path": "/srv/a.conf", "old_string": "x"},
                    }
                ]
            },
        },
        {
            "type": "user",
            "message": {
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "e1",
                        "is_error": True,
                        "content": "String to replace not found in file.",
                    }
                ]
            },
        },
    ]
    s = compress_transcript(entries)
    assert s.files_edited == []
    assert s.errors == ["Edit /srv/a.conf: String to replace not found in file."]


def test_only_the_last_todo_list_counts_and_completed_items_are_not_open():
    def todo(tid, todos):
        return {
            "type": "assistant",
            "message": {
                "content": [
                    {"type": "tool_use", "id": tid, "name": "TodoWrite", "input": {"todos": todos}}
                ]
            },
        }

    entries = [
        todo("a", [{"content": "old", "status": "pending"}]),
        todo(
            "b",
            [
                {"content": "done", "status": "completed"},
                {"content": "doing", "status": "in_progress"},
                {"content": "later", "status": "pending"},
            ],
        ),
    ]
    assert compress_transcript(entries).open_items == ["doing", "later"]


def test_last_assistant_message_from_hook_wins():
    s = compress_transcript(vpn_entries(), last_assistant_message="Tunnel stable.")
    assert s.final_state == "Tunnel stable."


def test_secrets_in_commands_prompts_and_final_message_are_redacted():
    cmd = f"mysql -u root --password={PW} -e 'select 1'"
    entries = [
        {"type": "user", "message": {"content": f"Use key {AWS_ID} to list buckets"}},
        {
            "type": "assistant",
            "message": {
                "content": [
                    {"type": "tool_use", "id": "t", "name": "Bash", "input": {"command": cmd}}
                ]
            },
        },
        {
            "type": "user",
            "message": {
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "t",
                        "is_error": True,
                        "content": f"ERROR 1045: Access denied, tried PASSWORD={PW}",
                    }
                ]
            },
        },
        {
            "type": "assistant",
            "message": {
                "content": [
                    {"type": "text", "text": f"Done. The DSN is postgres://app:{PW}@db:5432/x"}
                ]
            },
        },
    ]
    rendered = compress_transcript(entries).render()
    assert AWS_ID not in rendered and PW not in rendered
    assert "[REDACTED:" in rendered


def test_secret_is_redacted_before_clipping():
    # A secret straddling the clip point would survive as a fragment if clipping came first.
    prompt = "x " * 240 + f"token {AWS_ID}"
    s = compress_transcript([{"type": "user", "message": {"content": prompt}}])
    assert "AKIA" not in s.render()


def test_clip_cuts_at_word_boundary():
    assert clip("alpha beta gamma delta", 12) == "alpha beta…"
    assert clip("short", 12) == "short"


def test_extract_decisions_with_reason_in_next_sentence():
    found = extract_decisions("We chose WireGuard over OpenVPN. Because the ISP blocks UDP 1194.")
    assert found[0].decision == "We chose WireGuard over OpenVPN."
    assert found[0].reason.startswith("Because")


@pytest.mark.parametrize("seed", range(12))
def test_large_transcripts_shrink_90_percent_and_keep_every_fact(seed):
    entries, facts = generate_transcript(seed, target_tokens=20_000 + 2_000 * seed)
    raw = estimate_tokens(to_jsonl(entries))
    assert raw >= 20_000
    s = compress_transcript(entries)
    assert abs(s.raw_token_estimate - raw) / raw < 0.01
    rendered = s.render()
    assert estimate_tokens(rendered) <= raw * 0.10, (estimate_tokens(rendered), raw)
    for path in facts.written | facts.edited:
        assert path in rendered, path
    failed = {c.command for c in s.failed_commands}
    assert set(facts.failed_commands) <= failed
    for command in facts.failed_commands:
        assert command in rendered
    for todo in facts.pending_todos:
        assert todo in s.open_items and todo in rendered
    assert facts.final_message in rendered


def test_huge_transcript_keeps_facts():
    entries, facts = generate_transcript(99, target_tokens=200_000)
    s = compress_transcript(entries)
    rendered = s.render()
    assert estimate_tokens(rendered) <= s.raw_token_estimate * 0.05
    assert all(p in rendered for p in facts.written | facts.edited)
    assert all(c in rendered for c in facts.failed_commands)


def test_final_message_longer_than_the_cap_is_clipped_cleanly():
    text = "word " * FINAL_CHARS
    s = compress_transcript([{"type": "assistant", "message": {"content": text}}])
    assert len(s.final_state) <= FINAL_CHARS


def test_free_text_summary():
    text = (
        "Goal: move the file share from fs01 to fs02\n"
        "$ robocopy \\\\fs01\\share \\\\fs02\\share /MIR\n"
        "ERROR 5 (0x00000005) Access is denied on fs02.\n"
        "We decided to run the copy as the backup operator because it bypasses ACLs.\n"
        "Edited /etc/samba/smb.conf and scripts/migrate.ps1.\n"
        "TODO: update the GPO drive mapping\n"
        "\n"
        "Copy finished at 14:20; users are on fs02."
    )
    s = compress_text(text)
    assert s.goals == ["move the file share from fs01 to fs02"]
    assert s.commands[0].command.startswith("robocopy")
    assert any("Access is denied" in e for e in s.errors)
    assert "/etc/samba/smb.conf" in s.files_touched and "scripts/migrate.ps1" in s.files_touched
    assert s.open_items == ["update the GPO drive mapping"]
    assert s.decisions[0].reason.startswith("it bypasses ACLs")
    assert s.final_state == "Copy finished at 14:20; users are on fs02."


def test_free_text_without_markers_takes_first_sentence_as_goal():
    s = compress_text("Checked the UPS. Battery at 80%.")
    assert s.goals == ["Checked the UPS."]
    assert json.dumps(s.as_dict())  # serialisable
