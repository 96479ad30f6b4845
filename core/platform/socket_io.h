#pragma once

// Reading and writing a connected socket by its native handle, for code that hands a socket
// to a C library (OpenSSL's BIO, libnatpmp). One file per system implements this header.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace ferry::core::platform {

/// A file descriptor on POSIX, a SOCKET on Windows.
using NativeSocket = std::intptr_t;

struct SocketTransfer {
    /// Bytes moved; 0 when the peer closed (reading) and -1 on an error or `retry`.
    long bytes = 0;
    /// The socket is non-blocking and not ready: try again when it is.
    bool retry = false;
};

/// send() that never raises SIGPIPE: a vanished peer is an error, not the end of the process.
SocketTransfer sendSome(NativeSocket socket, const char* data, std::size_t length);

/// recv() of at most `length` bytes.
SocketTransfer receiveSome(NativeSocket socket, char* data, std::size_t length);

/// Waits until `socket` can be read or `timeout` passes; false on timeout or error.
bool waitReadable(NativeSocket socket, std::chrono::microseconds timeout);

} // namespace ferry::core::platform
