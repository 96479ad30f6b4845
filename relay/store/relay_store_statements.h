#pragma once

#include "relay/store/sqlite_db.h"
#include "util/result.h"

#include <memory>

namespace ferry::relay {

/// Every SQL statement the relay store runs, prepared once when the store opens.
struct RelayStoreStatements {
    SqliteStatement begin, commit, rollback, savepoint, release, rollbackTo;
    SqliteStatement insertQueue, queueByRecipient, queueBySender, queueByNotifier, queueByLink;
    SqliteStatement queueState, setLinkData, clearLinkData, countLinkBytes;
    SqliteStatement setSenderKey, setNotifier, clearNotifier, suspend, setCanWrite, deleteQueue;
    SqliteStatement queueStats, deleteQueueExpired, deleteQueueMessages, insertMessage;
    SqliteStatement oldestMessage, oldestMessageHead, deleteMessage, queueCounts;
    SqliteStatement expiredStats, deleteExpired, countQueues, countMessages;

    static core::Result<std::unique_ptr<RelayStoreStatements>> prepare(SqliteDb& db);
};

} // namespace ferry::relay
