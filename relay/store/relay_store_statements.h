#pragma once

#include "store/database.h"
#include "store/statement.h"
#include "util/result.h"

#include <memory>

namespace ferry::relay {

/// Every SQL statement the relay store runs, prepared once when the store opens (the
/// transaction's own are GroupCommitter's).
struct RelayStoreStatements {
    using Statement = core::store::Statement;
    Statement insertQueue, queueByRecipient, queueBySender, queueByNotifier, queueByLink;
    Statement queueState, setLinkData, clearLinkData, countLinkBytes;
    Statement setSenderKey, setNotifier, clearNotifier, suspend, setCanWrite, deleteQueue;
    Statement queueStats, deleteQueueExpired, deleteQueueMessages, insertMessage;
    Statement oldestMessage, oldestMessageHead, deleteMessage, queueCounts;
    Statement expiredStats, deleteExpired, countQueues, countMessages;

    static core::Result<std::unique_ptr<RelayStoreStatements>> prepare(core::store::Database& db);
};

} // namespace ferry::relay
