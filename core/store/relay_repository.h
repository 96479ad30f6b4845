#pragma once

#include "store/database.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::store {

/// A relay in the user's list (an smp://fingerprint@host:port address).
struct Relay {
    std::int64_t id = 0;
    std::string address;
    std::int64_t addedAt = 0;
    bool enabled = true;
};

/// The user's relay list.
class RelayRepository {
public:
    explicit RelayRepository(Database& database) : m_database(database) {}

    /// Adds the address, or returns the existing entry unchanged if it is already listed.
    Result<Relay> add(std::string_view address, std::int64_t addedAt, bool enabled = true);
    Result<std::optional<Relay>> find(std::int64_t id);
    Result<std::optional<Relay>> findByAddress(std::string_view address);
    /// All relays in the order they were added.
    Result<std::vector<Relay>> list();
    Result<std::vector<Relay>> listEnabled();
    Result<bool> setEnabled(std::int64_t id, bool enabled);
    Result<bool> remove(std::int64_t id);

private:
    Database& m_database;
};

} // namespace ferry::core::store
