#include "platform/posix_details.h"

#include <sys/socket.h>
#include <unistd.h>

namespace ferry::core::platform::posix {

int flushFileData(int fd) {
    return ::fdatasync(fd);
}

int sendFlags() {
    return MSG_NOSIGNAL;
}

} // namespace ferry::core::platform::posix
