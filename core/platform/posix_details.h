#pragma once

// Where the POSIX systems Ferry builds for (Linux, macOS) differ, for the *_posix.cpp files
// here. One file per system (posix_details_linux.cpp, posix_details_macos.cpp).

namespace ferry::core::platform::posix {

/// Flushes a file's data to the disk; 0 or -1 with errno. fdatasync on Linux; on macOS
/// fcntl(F_FULLFSYNC), because its fsync leaves the data in the drive's cache.
int flushFileData(int fd);

/// The send() flags that keep a vanished peer from raising SIGPIPE: MSG_NOSIGNAL on Linux;
/// none on macOS, which has no such flag and where Asio marks its sockets SO_NOSIGPIPE.
int sendFlags();

} // namespace ferry::core::platform::posix
