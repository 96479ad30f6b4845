#pragma once

// Making what was written survive a crash or a power cut, which each system spells its own
// way (fsync and fdatasync on POSIX, FlushFileBuffers and MoveFileEx on Windows). One file per
// system implements this header; CMake builds the one for the system at hand.

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace ferry::core::platform {

/// A file held open so that what another writer (SQLite) puts into it can be flushed to the
/// disk later, from any thread.
class DataSyncFile {
public:
    /// Opens `file`, creating it readable by its owner only if it does not exist.
    static std::error_code open(const std::filesystem::path& file, DataSyncFile& out);

    DataSyncFile() = default;
    DataSyncFile(DataSyncFile&& other) noexcept;
    DataSyncFile& operator=(DataSyncFile&& other) noexcept;
    DataSyncFile(const DataSyncFile&) = delete;
    DataSyncFile& operator=(const DataSyncFile&) = delete;
    ~DataSyncFile();

    /// Flushes the file's data to the disk.
    std::error_code syncData() const;

private:
    static constexpr std::intptr_t kClosed = -1;
    void close() noexcept;

    std::intptr_t m_handle = kClosed; // a file descriptor or a HANDLE
};

/// Makes the names of files lately created or renamed in `folder` durable.
std::error_code syncFolder(const std::filesystem::path& folder);

/// Replaces `file` by `text` so that a crash leaves either the old or the new file whole: an
/// owner-only temporary beside it is written, flushed and renamed over it.
std::error_code replaceFileDurably(const std::filesystem::path& file, std::string_view text);

} // namespace ferry::core::platform
