#pragma once

#include <arpa/inet.h>
#include <cstdint>
#include <initializer_list>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ferry::test {

/// A TCP port on 127.0.0.1 that was free a moment ago, for programs started with an
/// explicit port (an in-process relay can use port 0 instead). 0 if none was found.
inline std::uint16_t freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    ::close(fd);
    return ok ? ntohs(addr.sin_port) : 0;
}

/// Whether a TCP port on 127.0.0.1 can be bound now.
inline bool loopbackPortFree(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

/// The first of `count` consecutive ports on 127.0.0.1 that were free a moment ago, none of
/// them one of `besides` (ports chosen already but not bound yet); 0 if none were found.
inline std::uint16_t freeLoopbackPorts(int count,
                                       std::initializer_list<std::uint16_t> besides = {}) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::uint16_t first = freeLoopbackPort();
        bool free = first != 0 && first + count - 1 <= 65535;
        for (int i = 0; free && i < count; ++i) {
            const auto port = static_cast<std::uint16_t>(first + i);
            for (std::uint16_t other : besides)
                free = free && other != port;
            free = free && loopbackPortFree(port);
        }
        if (free)
            return first;
    }
    return 0;
}

/// A plain TCP connection to `port` on 127.0.0.1: its descriptor, or -1.
inline int tcpConnect(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
        return fd;
    if (fd >= 0)
        ::close(fd);
    return -1;
}

} // namespace ferry::test
