"""DAP framing: Content-Length headers, JSON bodies, and what a decoder must refuse."""

from __future__ import annotations

import json

import pytest

from tdb.dap.framing import MAX_BODY_BYTES, MAX_HEADER_BYTES, FrameDecoder, ProtocolError, encode

MESSAGES = [
    {"seq": 1, "type": "request", "command": "initialize", "arguments": {"clientID": "tests"}},
    {"seq": 2, "type": "event", "event": "output", "body": {"output": "héllo ✓ 世界\n"}},
    {"seq": 3, "type": "response", "request_seq": 1, "success": True, "command": "initialize", "body": {}},
]


def frame(body: bytes, header: bytes | None = None) -> bytes:
    return (header if header is not None else b"Content-Length: %d" % len(body)) + b"\r\n\r\n" + body


def decode_all(*chunks: bytes) -> list[dict]:
    decoder = FrameDecoder()
    return [message for chunk in chunks for message in decoder.feed(chunk)]


def test_encode_counts_bytes_not_characters():
    data = encode(MESSAGES[1])
    header, body = data.split(b"\r\n\r\n", 1)
    assert header == b"Content-Length: %d" % len(body)
    assert len(body) > len(body.decode())  # the body has multi-byte characters
    assert json.loads(body) == MESSAGES[1]


def test_one_message_round_trips():
    assert decode_all(encode(MESSAGES[0])) == [MESSAGES[0]]


def test_several_messages_in_one_chunk():
    assert decode_all(b"".join(encode(m) for m in MESSAGES)) == MESSAGES


def test_byte_by_byte_feeding():
    data = b"".join(encode(m) for m in MESSAGES)
    decoder = FrameDecoder()
    decoded = []
    for index in range(len(data)):
        decoded.extend(decoder.feed(data[index : index + 1]))
    assert decoded == MESSAGES


def test_every_split_point():
    # Cuts inside the header, in the blank line, inside the body, inside a UTF-8 character.
    data = encode(MESSAGES[1]) + encode(MESSAGES[2])
    inside_a_character = data.index("✓".encode()) + 1
    assert inside_a_character in range(1, len(data))
    for cut in range(1, len(data)):
        assert decode_all(data[:cut], data[cut:]) == MESSAGES[1:], cut


def test_a_chunk_ending_one_message_and_starting_the_next():
    first, second = encode(MESSAGES[0]), encode(MESSAGES[2])
    decoder = FrameDecoder()
    assert list(decoder.feed(first[:-5])) == []
    assert list(decoder.feed(first[-5:] + second[:12])) == [MESSAGES[0]]
    assert list(decoder.feed(second[12:])) == [MESSAGES[2]]


def test_feeding_buffers_even_before_iterating():
    decoder = FrameDecoder()
    data = encode(MESSAGES[0])
    decoder.feed(data[:20])  # not iterated
    assert list(decoder.feed(data[20:])) == [MESSAGES[0]]


def test_other_header_fields_and_header_case_are_accepted():
    body = json.dumps(MESSAGES[0]).encode()
    header = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:  %d " % len(body)
    assert decode_all(frame(body, header)) == [MESSAGES[0]]


def test_an_empty_chunk_and_a_partial_header_yield_nothing():
    decoder = FrameDecoder()
    assert list(decoder.feed(b"")) == []
    assert list(decoder.feed(b"Content-Len")) == []


@pytest.mark.parametrize("value", [b"abc", b"", b"-1", b"+5", b"1_0", b"1e3", b"0x10", b"12 34"])
def test_bad_content_length(value):
    with pytest.raises(ProtocolError, match="Content-Length"):
        decode_all(frame(b"{}", b"Content-Length: " + value))


def test_missing_content_length():
    with pytest.raises(ProtocolError, match="without Content-Length"):
        decode_all(frame(b"{}", b"Content-Type: application/json"))


def test_header_line_without_a_colon():
    with pytest.raises(ProtocolError, match="malformed header line"):
        decode_all(b"GET / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")


@pytest.mark.parametrize("body", [b"hello", b'{"type": "request"', b"\xff\xfe{}", b"[1, 2]", b'"text"',
                                  b'{"seq": 1}', b'{"type": 3}'])
def test_a_body_that_is_not_a_message(body):
    with pytest.raises(ProtocolError, match="not JSON|not an object"):
        decode_all(frame(body))


def test_a_body_bigger_than_the_limit_is_refused_before_it_arrives():
    decoder = FrameDecoder()
    with pytest.raises(ProtocolError, match="out of range"):
        list(decoder.feed(b"Content-Length: %d\r\n\r\n" % (MAX_BODY_BYTES + 1)))


def test_a_header_that_never_ends_is_refused():
    decoder = FrameDecoder()
    assert list(decoder.feed(b"Content-Length: 2\r\n" + b"X-Padding: y\r\n" * 10)) == []
    with pytest.raises(ProtocolError, match="no header end"):
        list(decoder.feed(b"X" * MAX_HEADER_BYTES))


def test_a_header_block_over_the_limit_is_refused_even_when_it_ends():
    padding = b"X-Padding: " + b"y" * MAX_HEADER_BYTES + b"\r\n"
    with pytest.raises(ProtocolError, match="no header end"):
        decode_all(frame(b"{}", padding + b"Content-Length: 2"))


def test_lf_only_line_endings_are_not_dap():
    with pytest.raises(ProtocolError):
        decode_all(b"Content-Length: 2\n\n{}" + b" " * MAX_HEADER_BYTES)


def test_messages_before_a_bad_one_are_delivered():
    decoder = FrameDecoder()
    received = []
    with pytest.raises(ProtocolError):
        for message in decoder.feed(encode(MESSAGES[0]) + frame(b"nope")):
            received.append(message)
    assert received == [MESSAGES[0]]
