// What DataSyncFile does the same on every system; durable_files_<system>.cpp has the rest.
#include "platform/durable_files.h"

#include <utility>

namespace ferry::core::platform {

DataSyncFile::DataSyncFile(DataSyncFile&& other) noexcept
    : m_handle(std::exchange(other.m_handle, kClosed)) {}

DataSyncFile& DataSyncFile::operator=(DataSyncFile&& other) noexcept {
    if (this != &other) {
        close();
        m_handle = std::exchange(other.m_handle, kClosed);
    }
    return *this;
}

DataSyncFile::~DataSyncFile() {
    close();
}

} // namespace ferry::core::platform
