#pragma once

#include "store/database.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::core::store {

/// Key/value profile settings (display name, preferences, bookkeeping).
class SettingsRepository {
public:
    /// The user's own display name, sent to new contacts.
    static constexpr std::string_view kDisplayName = "profile.display_name";

    explicit SettingsRepository(Database& database) : m_database(database) {}

    Result<void> setString(std::string_view key, std::string_view value);
    Result<std::optional<std::string>> getString(std::string_view key);
    Result<void> setBlob(std::string_view key, ByteView value);
    Result<std::optional<Bytes>> getBlob(std::string_view key);
    Result<void> setInteger(std::string_view key, std::int64_t value);
    Result<std::optional<std::int64_t>> getInteger(std::string_view key);
    /// True if the key existed.
    Result<bool> remove(std::string_view key);

private:
    Database& m_database;
};

} // namespace ferry::core::store
