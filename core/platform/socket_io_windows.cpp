#include "platform/socket_io.h"

#include <algorithm>
#include <climits>
#include <winsock2.h>

// Windows has no SIGPIPE: a plain send() reports a vanished peer as an error.

namespace ferry::core::platform {

namespace {

SocketTransfer transferred(int n) {
    const bool retry = n == SOCKET_ERROR && ::WSAGetLastError() == WSAEWOULDBLOCK;
    return {n == SOCKET_ERROR ? -1L : static_cast<long>(n), retry};
}

int clamped(std::size_t length) {
    return static_cast<int>(std::min<std::size_t>(length, INT_MAX));
}

} // namespace

SocketTransfer sendSome(NativeSocket socket, const char* data, std::size_t length) {
    return transferred(::send(static_cast<SOCKET>(socket), data, clamped(length), 0));
}

SocketTransfer receiveSome(NativeSocket socket, char* data, std::size_t length) {
    return transferred(::recv(static_cast<SOCKET>(socket), data, clamped(length), 0));
}

bool waitReadable(NativeSocket socket, std::chrono::microseconds timeout) {
    WSAPOLLFD p{static_cast<SOCKET>(socket), POLLRDNORM, 0};
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
    return ::WSAPoll(&p, 1, static_cast<INT>(ms)) > 0 && (p.revents & POLLRDNORM);
}

} // namespace ferry::core::platform
