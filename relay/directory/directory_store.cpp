#include "relay/directory/directory_store.h"

#include "relay/relay_errc.h"

#include <array>
#include <cmath>

namespace ferry::relay::directory {

namespace {

/// Migration N takes a file from version N-1 to N. Never edit one that has shipped: add the
/// next.
constexpr std::array<const char*, DirectoryStore::kSchemaVersion> kMigrations{
    // 1: the relays and their health.
    "CREATE TABLE relays ("
    " fingerprint TEXT PRIMARY KEY,"
    " registration BLOB NOT NULL," // the signed registration as received (JSON)
    " source BLOB NOT NULL,"
    " state INTEGER NOT NULL,"
    " admitted_at INTEGER NOT NULL,"
    " last_heartbeat INTEGER NOT NULL,"
    " last_probe INTEGER NOT NULL,"
    " last_probe_ok INTEGER NOT NULL,"
    " down_since INTEGER NOT NULL,"
    " answered_micro INTEGER NOT NULL," // decayed probe counts, in millionths
    " tried_micro INTEGER NOT NULL,"
    " rtt_ms INTEGER,"
    " proven_uptime INTEGER NOT NULL,"
    " failures INTEGER NOT NULL)",
    // 2: the site (/24, /48) a relay registered from, for the per-site cap.
    "ALTER TABLE relays ADD COLUMN site BLOB NOT NULL DEFAULT x'';"
    "CREATE INDEX relays_source ON relays(source)",
};

core::ByteView text(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
std::string text(const core::Bytes& bytes) {
    return {bytes.begin(), bytes.end()};
}
std::int64_t micro(double value) {
    return std::llround(value * 1e6);
}

} // namespace

core::Result<void> DirectoryStore::migrate(core::store::Database& db, int target) {
    auto version = db.queryInt("PRAGMA user_version");
    if (!version)
        return version.error();
    if (*version > kSchemaVersion)
        return core::makeError(RelayErrc::Corrupt,
                               "directory.db is from a newer version of ferry-directory (schema " +
                                   std::to_string(*version) + ")");
    for (int next = static_cast<int>(*version) + 1; next <= target; ++next) {
        // Each step and its version number commit together.
        const std::string step = std::string("BEGIN IMMEDIATE;") + kMigrations[next - 1] +
                                 ";PRAGMA user_version = " + std::to_string(next) + ";COMMIT";
        if (auto done = db.exec(step); !done) {
            (void)db.exec("ROLLBACK");
            return withContext(done.error(), "migrating directory.db to " + std::to_string(next));
        }
    }
    return {};
}

core::Result<std::unique_ptr<DirectoryStore>>
DirectoryStore::open(const std::filesystem::path& file) {
    auto db = core::store::Database::open(file, core::store::OpenMode::CreateNew);
    if (!db)
        return db.error();
    // Another connection to the file may still be finishing (a restarted service's old one,
    // kept alive by its last connections): wait for its lock rather than fail at once.
    if (auto busy = db->exec("PRAGMA busy_timeout = 10000"); !busy)
        return busy.error();
    // WAL with FULL sync: a commit is on disk when it returns, and readers do not block it.
    if (auto mode = db->queryText("PRAGMA journal_mode = WAL"); !mode)
        return mode.error();
    if (auto sync = db->exec("PRAGMA synchronous = FULL"); !sync)
        return sync.error();
    if (auto migrated = migrate(*db); !migrated)
        return migrated.error();
    return std::unique_ptr<DirectoryStore>(new DirectoryStore(std::move(db).value()));
}

core::Result<int> DirectoryStore::schemaVersion() {
    std::lock_guard lock(m_mutex);
    auto version = m_db.queryInt("PRAGMA user_version");
    if (!version)
        return version.error();
    return static_cast<int>(*version);
}

core::Result<void> DirectoryStore::save(const RelayRecord& r) {
    std::lock_guard lock(m_mutex);
    auto stmt = m_db.prepare(
        "INSERT OR REPLACE INTO relays (fingerprint, registration, source, site, state, "
        "admitted_at, last_heartbeat, last_probe, last_probe_ok, down_since, answered_micro, "
        "tried_micro, rtt_ms, proven_uptime, failures) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    if (!stmt)
        return stmt.error();
    const std::string registration = core::directory::encodeSignedPayload(r.signedRegistration);
    auto use = stmt->use();
    use.bind(1, text(r.fingerprint))
        .bind(2, text(registration))
        .bind(3, text(r.source))
        .bind(4, text(r.site))
        .bind(5, static_cast<std::int64_t>(r.state))
        .bind(6, r.admittedAt)
        .bind(7, r.lastHeartbeat)
        .bind(8, r.lastProbe)
        .bind(9, r.lastProbeOk)
        .bind(10, r.downSince)
        .bind(11, micro(r.answered))
        .bind(12, micro(r.tried))
        .bind(14, r.provenUptimeSeconds)
        .bind(15, static_cast<std::int64_t>(r.failuresInARow));
    if (r.rttMs)
        use.bind(13, static_cast<std::int64_t>(*r.rttMs));
    else
        use.bindNull(13);
    if (auto done = use.run(); !done)
        return withContext(done.error(), "saving relay " + r.fingerprint);
    return {};
}

core::Result<void> DirectoryStore::remove(const std::string& fingerprint) {
    std::lock_guard lock(m_mutex);
    auto stmt = m_db.prepare("DELETE FROM relays WHERE fingerprint = ?1");
    if (!stmt)
        return stmt.error();
    auto use = stmt->use();
    use.bind(1, text(fingerprint));
    if (auto done = use.run(); !done)
        return withContext(done.error(), "removing relay " + fingerprint);
    return {};
}

core::Result<DirectoryStore::Loaded> DirectoryStore::load() {
    std::lock_guard lock(m_mutex);
    auto stmt = m_db.prepare(
        "SELECT fingerprint, registration, source, site, state, admitted_at, last_heartbeat, "
        "last_probe, last_probe_ok, down_since, answered_micro, tried_micro, rtt_ms, "
        "proven_uptime, failures FROM relays");
    if (!stmt)
        return stmt.error();
    Loaded loaded;
    auto use = stmt->use();
    for (;;) {
        auto row = use.step();
        if (!row)
            return withContext(row.error(), "reading the relays");
        if (!*row)
            break;
        const std::string fingerprint = text(use.blob(0));
        auto signedRegistration = core::directory::decodeSignedPayload(text(use.blob(1)));
        auto verified =
            signedRegistration
                ? core::directory::verifyRegistration(*signedRegistration)
                : core::Result<core::directory::VerifiedRegistration>(signedRegistration.error());
        if (!verified) {
            loaded.skipped.push_back(fingerprint);
            continue;
        }
        RelayRecord r;
        r.fingerprint = fingerprint;
        r.signedRegistration = std::move(signedRegistration).value();
        r.registration = std::move(verified->registration);
        r.signingKey = std::move(verified->signingKey);
        r.source = text(use.blob(2));
        r.site = text(use.blob(3));
        const auto state = use.integer(4);
        r.state = state == 1   ? RelayRecord::State::Listed
                  : state == 2 ? RelayRecord::State::Down
                               : RelayRecord::State::Probation;
        r.admittedAt = use.integer(5);
        r.lastHeartbeat = use.integer(6);
        r.lastProbe = use.integer(7);
        r.lastProbeOk = use.integer(8);
        r.downSince = use.integer(9);
        r.answered = static_cast<double>(use.integer(10)) / 1e6;
        r.tried = static_cast<double>(use.integer(11)) / 1e6;
        if (!use.isNull(12))
            r.rttMs = static_cast<std::uint32_t>(use.integer(12));
        r.provenUptimeSeconds = use.integer(13);
        r.failuresInARow = static_cast<std::uint32_t>(use.integer(14));
        loaded.relays.push_back(std::move(r));
    }
    return loaded;
}

} // namespace ferry::relay::directory
