#include "platform/durable_files.h"

#include <algorithm>
#include <utility>
#include <windows.h>

// Files here are owner-only by inheritance: Ferry keeps its data under the user's profile
// folder, whose access list already admits only the user, SYSTEM and administrators.

namespace ferry::core::platform {

namespace {

std::error_code lastError() {
    return {static_cast<int>(::GetLastError()), std::system_category()};
}

HANDLE handleOf(std::intptr_t handle) {
    return reinterpret_cast<HANDLE>(handle);
}

std::error_code writeAll(HANDLE file, std::string_view text) {
    while (!text.empty()) {
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(text.size(), 1u << 30));
        DWORD written = 0;
        if (!::WriteFile(file, text.data(), chunk, &written, nullptr))
            return lastError();
        if (written == 0)
            return std::make_error_code(std::errc::io_error);
        text.remove_prefix(written);
    }
    return {};
}

} // namespace

std::error_code DataSyncFile::open(const std::filesystem::path& file, DataSyncFile& out) {
    // Shared for reading, writing and deleting: SQLite opens the same file alongside.
    const HANDLE handle = ::CreateFileW(file.c_str(), GENERIC_READ | GENERIC_WRITE,
                                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                        nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle == INVALID_HANDLE_VALUE)
        return lastError();
    out.close();
    out.m_handle = reinterpret_cast<std::intptr_t>(handle);
    return {};
}

void DataSyncFile::close() noexcept {
    if (m_handle != kClosed)
        ::CloseHandle(handleOf(std::exchange(m_handle, kClosed)));
}

std::error_code DataSyncFile::syncData() const {
    if (m_handle == kClosed)
        return std::make_error_code(std::errc::bad_file_descriptor);
    return ::FlushFileBuffers(handleOf(m_handle)) ? std::error_code() : lastError();
}

// NTFS journals its metadata: a name is durable once the call that made it returns with
// MOVEFILE_WRITE_THROUGH or the file was flushed, and a folder cannot be flushed like a file.
std::error_code syncFolder(const std::filesystem::path&) {
    return {};
}

std::error_code replaceFileDurably(const std::filesystem::path& file, std::string_view text) {
    std::filesystem::path temporary = file;
    temporary += ".tmp";
    const HANDLE handle = ::CreateFileW(temporary.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS,
                                        FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle == INVALID_HANDLE_VALUE)
        return lastError();
    std::error_code result = writeAll(handle, text);
    if (!result && !::FlushFileBuffers(handle))
        result = lastError();
    ::CloseHandle(handle);
    if (!result && !::MoveFileExW(temporary.c_str(), file.c_str(),
                                  MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        result = lastError();
    if (result)
        ::DeleteFileW(temporary.c_str());
    return result;
}

} // namespace ferry::core::platform
