#pragma once

#include "relay/directory/relay_registry.h"
#include "store/database.h"
#include "util/result.h"

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace ferry::relay::directory {

/// The directory's relays on disk: one SQLite file in the data folder. A registration is
/// written durably (synchronous = FULL) before the directory answers 201, so a kill -9 right
/// after the answer loses nothing that was confirmed. Health fields are written as probes
/// come in. Safe from any thread (one connection behind a mutex).
class DirectoryStore {
public:
    /// The schema this build writes; older files are migrated step by step when opened.
    static constexpr int kSchemaVersion = 2;

    static core::Result<std::unique_ptr<DirectoryStore>> open(const std::filesystem::path& file);
    /// Runs the migrations from the file's version up to `target` (tests stop early to make
    /// an old file).
    static core::Result<void> migrate(core::store::Database& db, int target = kSchemaVersion);

    core::Result<void> save(const RelayRecord& record);
    core::Result<void> remove(const std::string& fingerprint);
    /// Every stored relay, each registration verified again (a record whose signature no
    /// longer verifies is skipped and reported in `skipped`).
    struct Loaded {
        std::vector<RelayRecord> relays;
        std::vector<std::string> skipped;
    };
    core::Result<Loaded> load();
    core::Result<int> schemaVersion();

private:
    explicit DirectoryStore(core::store::Database db) : m_db(std::move(db)) {}

    std::mutex m_mutex;
    core::store::Database m_db;
};

} // namespace ferry::relay::directory
