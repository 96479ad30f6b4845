// Short links (SMP v15) of SqliteRelayStore: a queue's link id and the data its recipient stored.
#include "relay/store/relay_store_errc.h"
#include "relay/store/sqlite_relay_store.h"

namespace ferry::relay {

core::Result<void> SqliteRelayStore::setLink(core::ByteView recipientId, const QueueLink& link,
                                             DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    auto queue = existingQueueLocked(recipientId);
    if (!queue) {
        return queue.error();
    }
    // Only the user data may change once a link is set: its id and fixed data are what the
    // link the recipient shared points at.
    if (queue->linkId &&
        (*queue->linkId != link.linkId || queue->fixedData != link.data.fixedData)) {
        return core::makeError(RelayStoreErrc::Auth, "the queue has another link");
    }
    const std::uint64_t bytes = link.storageBytes();
    if (bytes > queue->linkBytes &&
        m_totals.storageBytes + bytes - queue->linkBytes + m_totals.queues * kQueueStorageBytes >
            m_config.storageCapBytes) {
        return core::makeError(RelayStoreErrc::Full, "the storage cap is reached");
    }
    auto written = m_commits->write([&]() -> core::Result<void> {
        auto use = m_stmts->setLinkData.use();
        use.bind(1, queue->id).bind(2, link.linkId).bind(3, link.data.fixedData);
        use.bind(4, link.data.userData);
        auto done = use.run();
        if (isConstraintViolation(done)) {
            return core::makeError(RelayStoreErrc::Auth, "the link id is another queue's");
        }
        return done ? done : failedLocked("set link");
    });
    if (!written) {
        return written;
    }
    m_totals.storageBytes = m_totals.storageBytes - queue->linkBytes + bytes;
    m_commits->finish(std::move(onDurable));
    return {};
}

core::Result<void> SqliteRelayStore::deleteLink(core::ByteView recipientId,
                                                DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    auto queue = existingQueueLocked(recipientId);
    if (!queue) {
        return queue.error();
    }
    if (queue->linkId) {
        auto written = m_commits->write([&] {
            auto use = m_stmts->clearLinkData.use();
            use.bind(1, queue->id);
            return runLocked(use, "delete link");
        });
        if (!written) {
            return written;
        }
        m_totals.storageBytes -= queue->linkBytes;
    }
    m_commits->finish(std::move(onDurable));
    return {};
}

} // namespace ferry::relay
