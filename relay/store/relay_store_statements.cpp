#include "relay/store/relay_store_statements.h"

#include "relay/store/relay_store_errc.h"

#include <string>
#include <utility>

namespace ferry::relay {
namespace {

const char* const kQueueColumns =
    "recipient_id, sender_id, recipient_key_alg, recipient_key, rcv_dh_secret, sender_key_alg, "
    "sender_key, queue_mode, suspended, notifier_id, notifier_key_alg, notifier_key, "
    "rcv_ntf_dh_secret, link_id, fixed_data, user_data";

} // namespace

core::Result<std::unique_ptr<RelayStoreStatements>>
RelayStoreStatements::prepare(core::store::Database& db) {
    auto s = std::make_unique<RelayStoreStatements>();
    const std::string queueSelect = std::string("SELECT ") + kQueueColumns + " FROM queues ";
    const std::string perQueue = "FROM messages INDEXED BY messages_by_queue WHERE queue = ?1 ";
    const std::pair<core::store::Statement*, std::string> all[] = {
        {&s->insertQueue, std::string("INSERT INTO queues (") + kQueueColumns +
                              ", sender_can_secure) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                              "?10, ?11, ?12, ?13, ?14, ?15, ?16, COALESCE(?8 = 77, 0))"},
        {&s->queueByRecipient, queueSelect + "WHERE recipient_id = ?1"},
        {&s->queueBySender, queueSelect + "WHERE sender_id = ?1"},
        {&s->queueByNotifier, queueSelect + "WHERE notifier_id = ?1"},
        {&s->queueByLink, queueSelect + "WHERE link_id = ?1"},
        {&s->queueState, "SELECT id, suspended, can_write, sender_key_alg, sender_key, link_id, "
                         "fixed_data, length(fixed_data) + length(user_data) FROM queues "
                         "WHERE recipient_id = ?1"},
        {&s->setLinkData,
         "UPDATE queues SET link_id = ?2, fixed_data = ?3, user_data = ?4 WHERE id = ?1"},
        {&s->clearLinkData,
         "UPDATE queues SET link_id = NULL, fixed_data = NULL, user_data = NULL WHERE id = ?1"},
        // Through the link index (link ids are BLOBs, and every BLOB is >= x''): IS NOT NULL
        // would scan every queue, 80 ms at each start of a relay with a million queues.
        {&s->countLinkBytes, "SELECT COALESCE(SUM(length(fixed_data) + length(user_data)), 0) "
                             "FROM queues INDEXED BY queues_by_link WHERE link_id >= x''"},
        {&s->setSenderKey, "UPDATE queues SET sender_key_alg = ?2, sender_key = ?3 WHERE id = ?1"},
        {&s->setNotifier, "UPDATE queues SET notifier_id = ?2, notifier_key_alg = ?3, "
                          "notifier_key = ?4, rcv_ntf_dh_secret = ?5 WHERE id = ?1"},
        {&s->clearNotifier, "UPDATE queues SET notifier_id = NULL, notifier_key_alg = NULL, "
                            "notifier_key = NULL, rcv_ntf_dh_secret = NULL WHERE id = ?1"},
        {&s->suspend, "UPDATE queues SET suspended = 1 WHERE id = ?1"},
        {&s->setCanWrite, "UPDATE queues SET can_write = ?2 WHERE id = ?1"},
        {&s->deleteQueue, "DELETE FROM queues WHERE id = ?1"},
        {&s->queueStats, "SELECT COUNT(*), COALESCE(SUM(size), 0), COALESCE(SUM(ts < ?2), 0), "
                         "COALESCE(SUM(CASE WHEN ts < ?2 THEN size ELSE 0 END), 0) " +
                             perQueue},
        {&s->deleteQueueExpired, "DELETE " + perQueue + "AND ts < ?2"},
        {&s->deleteQueueMessages, "DELETE " + perQueue},
        {&s->insertMessage, "INSERT INTO messages (queue, msg_id, ts, flags, size, body) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
        {&s->oldestMessage,
         "SELECT seq, msg_id, ts, flags, body " + perQueue + "AND ts >= ?2 ORDER BY seq LIMIT 1"},
        {&s->oldestMessageHead,
         "SELECT seq, msg_id, size, flags " + perQueue + "AND ts >= ?2 ORDER BY seq LIMIT 1"},
        {&s->deleteMessage, "DELETE FROM messages WHERE seq = ?1"},
        {&s->queueCounts, "SELECT COUNT(*), COALESCE(SUM(size), 0) " + perQueue + "AND ts >= ?2"},
        {&s->expiredStats, "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM messages WHERE ts < ?1"},
        {&s->deleteExpired, "DELETE FROM messages WHERE ts < ?1"},
        {&s->countQueues, "SELECT COUNT(*) FROM queues"},
        {&s->countMessages, "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM messages"},
    };
    for (const auto& [stmt, sql] : all) {
        auto prepared = db.prepare(sql);
        if (!prepared) {
            return relayStoreFailure(prepared.error());
        }
        *stmt = std::move(*prepared);
    }
    return s;
}

} // namespace ferry::relay
