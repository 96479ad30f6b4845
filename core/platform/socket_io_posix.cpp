#include "platform/posix_details.h"
#include "platform/socket_io.h"

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>

namespace ferry::core::platform {

namespace {

SocketTransfer transferred(ssize_t n) {
    const bool retry = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
    return {static_cast<long>(n), retry};
}

} // namespace

SocketTransfer sendSome(NativeSocket socket, const char* data, std::size_t length) {
    return transferred(::send(static_cast<int>(socket), data, length, posix::sendFlags()));
}

SocketTransfer receiveSome(NativeSocket socket, char* data, std::size_t length) {
    return transferred(::recv(static_cast<int>(socket), data, length, 0));
}

bool waitReadable(NativeSocket socket, std::chrono::microseconds timeout) {
    pollfd p{static_cast<int>(socket), POLLIN, 0};
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
    return ::poll(&p, 1, static_cast<int>(ms)) > 0 && (p.revents & POLLIN);
}

} // namespace ferry::core::platform
