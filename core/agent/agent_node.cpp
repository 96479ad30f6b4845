// The in-app relay's records in the profile database: activity totals and the offline CA key.
#include "agent/agent_engine.h"
#include "store/settings_repository.h"
#include "util/try.h"

namespace ferry::core::agent {

namespace {
// The per-minute traffic is kept this long: the day chart plus some slack.
constexpr std::int64_t kMinutesKeptSeconds = 26 * 3600;
constexpr std::string_view kOfflineKeySetting = "node.offline_ca_key";
} // namespace

Result<void> Agent::Engine::recordNodeActivity(const store::NodeActivity& activity) {
    store::NodeRepository nodes(m_db->database());
    FERRY_TRY(tx, m_db->transaction());
    FERRY_CHECK(nodes.record(activity));
    FERRY_CHECK(nodes.pruneMinutes(activity.minute - kMinutesKeptSeconds));
    return tx.commit();
}

Result<NodeHistory> Agent::Engine::nodeHistory(const std::string& fromDay, const std::string& toDay,
                                               std::int64_t minutesSince) {
    store::NodeRepository nodes(m_db->database());
    NodeHistory history;
    FERRY_TRY(days, nodes.days(fromDay, toDay));
    FERRY_TRY(allTime, nodes.allTime());
    FERRY_TRY(minutes, nodes.minutes(minutesSince));
    history.days = std::move(days);
    history.allTime = std::move(allTime);
    history.minutes = std::move(minutes);
    return history;
}

Result<std::optional<crypto::SecretBytes>> Agent::Engine::nodeOfflineKey() {
    FERRY_TRY(stored, store::SettingsRepository(m_db->database()).getBlob(kOfflineKeySetting));
    if (!stored)
        return std::optional<crypto::SecretBytes>();
    return std::optional<crypto::SecretBytes>(crypto::SecretBytes::takeFrom(*stored));
}

Result<void> Agent::Engine::storeNodeOfflineKey(const crypto::SecretBytes& key) {
    return store::SettingsRepository(m_db->database()).setBlob(kOfflineKeySetting, key.view());
}

// ---- Agent facade -------------------------------------------------------------------------

void Agent::recordNodeActivity(store::NodeActivity activity, Completion<void> done) {
    m_engine->run<void>(std::function<Result<void>()>(
                            [e = m_engine, activity] { return e->recordNodeActivity(activity); }),
                        std::move(done));
}

void Agent::nodeHistory(std::string fromDay, std::string toDay, std::int64_t minutesSince,
                        Completion<NodeHistory> done) {
    m_engine->run<NodeHistory>(
        std::function<Result<NodeHistory>()>([e = m_engine, fromDay, toDay, minutesSince] {
            return e->nodeHistory(fromDay, toDay, minutesSince);
        }),
        std::move(done));
}

void Agent::nodeOfflineKey(Completion<std::optional<crypto::SecretBytes>> done) {
    m_engine->run<std::optional<crypto::SecretBytes>>(
        std::function<Result<std::optional<crypto::SecretBytes>>()>(
            [e = m_engine] { return e->nodeOfflineKey(); }),
        std::move(done));
}

void Agent::storeNodeOfflineKey(crypto::SecretBytes key, Completion<void> done) {
    m_engine->run<void>(std::function<Result<void>()>([e = m_engine, key = std::move(key)] {
                            return e->storeNodeOfflineKey(key);
                        }),
                        std::move(done));
}

} // namespace ferry::core::agent
