#include "platform/posix_details.h"

#include <fcntl.h>
#include <unistd.h>

namespace ferry::core::platform::posix {

int flushFileData(int fd) {
    // F_FULLFSYNC asks the drive to write its cache too; some file systems (network ones)
    // refuse it, and fsync is the best they offer.
    if (::fcntl(fd, F_FULLFSYNC) == 0)
        return 0;
    return ::fsync(fd);
}

int sendFlags() {
    return 0;
}

} // namespace ferry::core::platform::posix
