"""hookclient.transcript: trimming, reading complete lines after an offset, chunking."""

from __future__ import annotations

import json

from context_recall.claude_code.hookclient import transcript


def test_trim_keeps_text_trims_tool_output_and_drops_images_and_signatures():
    entry = {
        "type": "assistant",
        "message": {"role": "assistant", "content": [
            {"type": "text", "text": "t" * 5000},
            {"type": "thinking", "thinking": "x", "signature": "sig" * 100},
            {"type": "tool_result", "content": "o" * 10000},
            {"type": "image", "source": {"type": "base64", "data": "A" * 1000}},
        ]},
        "toolUseResult": {"stdout": "y" * 3000},
    }  # fmt: skip
    out = transcript.trim_entry(entry)
    text, thinking, tool, image = out["message"]["content"]
    assert text["text"] == "t" * 5000
    assert "signature" not in thinking
    assert len(tool["content"]) < 2100 and "trimmed by msp-claude" in tool["content"]
    assert image == {"type": "image", "source": {"type": "base64", "omitted": True}}
    assert len(out["toolUseResult"]["stdout"]) < 600


def test_an_entry_too_large_even_trimmed_keeps_only_its_identity():
    entry = {"type": "user", "uuid": "u1", "sessionId": "s",
             "message": {"content": [{"type": "tool_result", "content": f"{i}" * 250}
                                     for i in range(200)]}}  # fmt: skip
    out = transcript.trim_entry(entry)
    assert out["uuid"] == "u1" and out["msp_trimmed"]["reason"] == "entry too large"
    assert "message" not in out


def test_reads_complete_lines_only_and_restarts_after_truncation(tmp_path):
    path = tmp_path / "t.jsonl"
    lines = [{"type": "user", "n": 1}, {"type": "progress"}, {"type": "assistant", "n": 2}]
    text = "".join(json.dumps(line) + "\n" for line in lines)
    path.write_text(text + '{"type": "user", "n": 3')  # the last line is being written
    items, end, restarted = transcript.read_new_entries(str(path), 0)
    assert [entry and entry["n"] for _, entry in items] == [1, None, 2]
    assert end == len(text) and not restarted
    assert transcript.read_new_entries(str(path), end)[0] == []
    path.write_text('{"type": "user", "n": 9}\n')
    items, _, restarted = transcript.read_new_entries(str(path), end)
    assert restarted and items[0][1]["n"] == 9


def test_chunks_respect_the_size_cap(monkeypatch):
    monkeypatch.setattr(transcript, "CHUNK_CAP", 100)
    items = [(i * 10 + 10, {"n": i, "pad": "x" * 30}) for i in range(6)]
    chunks = transcript.chunk_entries(items, 0)
    assert [len(entries) for _, _, entries in chunks] == [2, 2, 2]
    assert [(start, end) for start, end, _ in chunks] == [(0, 20), (20, 40), (40, 60)]
    monkeypatch.setattr(transcript, "MAX_CHUNKS", 2)
    assert len(transcript.chunk_entries(items, 0)) == 2  # the rest waits for the next run
