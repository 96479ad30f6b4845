#include "platform/durable_files.h"
#include "platform/posix_details.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

namespace ferry::core::platform {

namespace {

std::error_code lastError() {
    return {errno, std::system_category()};
}

int descriptor(std::intptr_t handle) {
    return static_cast<int>(handle);
}

std::error_code writeAll(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return lastError();
        if (n == 0)
            return std::make_error_code(std::errc::io_error);
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

} // namespace

std::error_code DataSyncFile::open(const std::filesystem::path& file, DataSyncFile& out) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return lastError();
    out.close();
    out.m_handle = fd;
    return {};
}

void DataSyncFile::close() noexcept {
    if (m_handle != kClosed)
        ::close(descriptor(std::exchange(m_handle, kClosed)));
}

std::error_code DataSyncFile::syncData() const {
    if (m_handle == kClosed)
        return std::make_error_code(std::errc::bad_file_descriptor);
    return posix::flushFileData(descriptor(m_handle)) == 0 ? std::error_code() : lastError();
}

std::error_code syncFolder(const std::filesystem::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return lastError();
    const std::error_code result = ::fsync(fd) == 0 ? std::error_code() : lastError();
    ::close(fd);
    return result;
}

std::error_code replaceFileDurably(const std::filesystem::path& file, std::string_view text) {
    std::filesystem::path temporary = file;
    temporary += ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return lastError();
    std::error_code result = writeAll(fd, text);
    if (!result && posix::flushFileData(fd) != 0)
        result = lastError();
    ::close(fd);
    if (!result && ::rename(temporary.c_str(), file.c_str()) != 0)
        result = lastError();
    if (result) {
        ::unlink(temporary.c_str());
        return result;
    }
    return syncFolder(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
}

} // namespace ferry::core::platform
