#!/usr/bin/env python3
"""Writes the seed corpora for the SMP decoder fuzz targets (corpus/<target>/).

Seeds are well-formed encodings written by hand from the SMP encodings (see
docs/protocol.md); the fuzz driver mutates them. Run from this folder after changing a
format: python3 make_seeds.py
"""
import os
import struct

BLOCK = 16384


def short(b: bytes) -> bytes:
    return bytes([len(b)]) + b


def large(b: bytes) -> bytes:
    return struct.pack(">H", len(b)) + b


def pad(b: bytes, size: int = BLOCK) -> bytes:
    return struct.pack(">H", len(b)) + b + b"#" * (size - len(b) - 2)


def spki(oid_last: int, raw: bytes) -> bytes:
    n = len(raw)
    return bytes([0x30, n + 10, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, oid_last, 0x03, n + 1, 0]) + raw


ED = spki(0x70, bytes(range(32)))
X = spki(0x6E, bytes(range(32, 64)))
CORR = bytes(range(24))
QID = bytes(range(100, 124))

COMMANDS = {
    "new_v6": (0, b"NEW " + short(ED) + short(X) + b"S"),
    "new_v6_auth": (0, b"NEW " + short(ED) + short(X) + b"A" + short(b"pass") + b"C"),
    "new_v9": (3, b"NEW " + short(ED) + short(X) + b"1" + short(b"pw") + b"ST"),
    "sub": (1, b"SUB"),
    "key": (1, b"KEY " + short(ED)),
    "skey": (3, b"SKEY " + short(ED)),
    "nkey": (1, b"NKEY " + short(ED) + short(X)),
    "ack": (1, b"ACK " + short(CORR)),
    "send": (2, b"SEND T hello world"),
    "ping": (1, b"PING"),
    "prxy": (2, b"PRXY " + bytes([2]) + short(b"relay.example") + short(b"10.0.0.1")
             + short(b"5223") + short(bytes(32)) + b"0"),
    "pfwd": (2, b"PFWD " + struct.pack(">H", 8) + short(X) + b"\x01\x02\x03"),
    "rfwd": (2, b"RFWD " + b"\x00" * 40),
}

RESPONSES = {
    "ids_v8": (2, b"IDS " + short(QID) + short(CORR) + short(X)),
    "ids_v9": (3, b"IDS " + short(QID) + short(CORR) + short(X) + b"T"),
    "msg": (1, b"MSG " + short(CORR) + b"\x00" * 64),
    "nid": (1, b"NID " + short(QID) + short(X)),
    "pkey": (2, b"PKEY " + short(b"s" * 32) + struct.pack(">HH", 6, 9) + bytes([2])
             + large(b"leaf") + large(b"ca") + large(b"signed")),
    "end": (1, b"END"),
    "info": (1, b'INFO {"qiSnd":true}'),
    "ok": (1, b"OK"),
    "pong": (1, b"PONG"),
    "err_cmd": (1, b"ERR CMD SYNTAX"),
    "err_store": (1, b"ERR STORE disk full"),
    "err_proxy": (2, b"ERR PROXY PROTOCOL AUTH"),
    "err_broker": (2, b"ERR PROXY BROKER RESPONSE " + short(b"bad")),
    "err_transport": (2, b"ERR PROXY BROKER TRANSPORT HANDSHAKE IDENTITY"),
    "err_network": (2, b"ERR PROXY BROKER NETWORK CONNECT " + short(b"refused")),
    "rres": (2, b"RRES " + b"\x07" * 30),
}


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = os.path.join(here, "corpus")
    for name, (v, body) in COMMANDS.items():
        write(os.path.join(corpus, "command"), name, bytes([v]) + body)
    for name, (v, body) in RESPONSES.items():
        write(os.path.join(corpus, "response"), name, bytes([v]) + body)

    t_v7 = short(b"") + short(CORR) + short(QID) + b"SUB"
    t_v6 = short(b"\x01" * 64) + short(b"S" * 32) + short(CORR) + short(QID) + b"SEND F hi"
    write(os.path.join(corpus, "transmission"), "v7_sub", b"\x00" + t_v7)
    write(os.path.join(corpus, "transmission"), "v6_send", b"\x01" + t_v6)
    write(os.path.join(corpus, "transmission"), "v7_auth80", b"\x00" + short(b"\x02" * 80)
          + short(CORR) + short(QID) + b"GET")

    write(os.path.join(corpus, "block"), "one", pad(bytes([1]) + large(t_v7)))
    write(os.path.join(corpus, "block"), "three", pad(bytes([3]) + large(t_v7) + large(t_v6)
                                                      + large(b"")))

    hs = os.path.join(corpus, "handshake")
    write(hs, "server_v6", pad(struct.pack(">HH", 6, 6) + short(b"s" * 32)))
    write(hs, "server_v9", pad(struct.pack(">HH", 6, 9) + short(b"s" * 32) + bytes([2])
                               + large(b"leaf-der") + large(b"ca-der") + large(b"signed")))
    write(hs, "client_v6", pad(struct.pack(">H", 6) + short(bytes(32))))
    write(hs, "client_v9", pad(struct.pack(">H", 9) + short(bytes(32)) + short(X)))

    # Private routing: first byte 0 = FwdTransmission, 1 = FwdResponse, 2 = a sealed batch's
    # content (count, Large transmissions).
    fw = os.path.join(corpus, "forwarding")
    write(fw, "fwd_transmission", b"\x00" + short(CORR) + struct.pack(">H", 9) + short(X)
          + b"\x10" * 40)
    write(fw, "fwd_response", b"\x01" + short(CORR) + b"\x20" * 40)
    write(fw, "batch", b"\x02" + bytes([1]) + large(t_v7))


if __name__ == "__main__":
    main()
