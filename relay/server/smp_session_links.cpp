// Short links (SMP v15): a queue's link data, set by its recipient (LSET, LDEL, and with NEW in
// smp_session.cpp) and read by senders through the link id: LKEY secures a one-time
// invitation's queue and reads its link, LGET reads a contact address's. The checks follow
// simplexmq's Server.hs; every failure a stranger can cause is the same ERR AUTH, after a
// verification that costs what a real one does.

#include "relay/server/smp_answers.h"
#include "relay/server/smp_session.h"
#include "relay/store/relay_store_errc.h"

namespace ferry::relay {

namespace smp = core::smp;
using namespace answers;
using EK = smp::ErrorType::Kind;

void SmpSession::setLink(const Request& r, const QueueRecord& q, const smp::cmd::LSet& c) {
    // Once its sender has secured a messaging queue, the link is fixed.
    if (q.isSecuredMessaging()) {
        answer(r, err(EK::Auth));
        return;
    }
    const std::size_t slot = reserveAnswer(r, kSmallAnswer);
    auto set = m_env.store.setLink(q.recipientId, QueueLink{c.linkId, c.data},
                                   whenDurable(r, slot, [] { return smp::rsp::Ok{}; }));
    if (!set)
        answerAt(r, slot, err(set.error().code == RelayStoreErrc::Full ? EK::Quota : EK::Auth));
}

void SmpSession::secureByLink(const Request& r, const smp::cmd::LKey& c) {
    auto q = m_env.store.queueByLink(r.to.entityId);
    // Only a one-time invitation's queue, not yet secured or secured with this same key (a
    // retried LKEY), and authorized by that key itself.
    const bool allowed = q && q->link && q->mode == smp::QueueMode::Messaging &&
                         (!q->senderKey || *q->senderKey == c.senderKey);
    if (!allowed) {
        dummyVerify(r);
        answer(r, err(EK::Auth));
        return;
    }
    if (!verify(r, c.senderKey)) {
        answer(r, err(EK::Auth));
        return;
    }
    const bool wasSecured = q->senderKey.has_value();
    const std::size_t slot = reserveAnswer(r, kAnyAnswer);
    smp::rsp::Lnk link{q->senderId, q->link->data};
    auto secured = m_env.store.secureQueue(
        q->recipientId, c.senderKey,
        whenDurable(r, slot, [link = std::move(link)] { return smp::Response{link}; }));
    if (!secured) {
        answerAt(r, slot, err(EK::Auth));
        return;
    }
    if (!wasSecured)
        RelayCounters::bump(m_env.counters.queuesSecured);
}

void SmpSession::readContactLink(const Request& r) {
    auto q = m_env.store.queueByLink(r.to.entityId);
    if (!q || !q->link || !q->isContactAddress()) {
        RelayCounters::bump(m_env.counters.authFailures);
        answer(r, err(EK::Auth));
        return;
    }
    answer(r, smp::rsp::Lnk{q->senderId, q->link->data});
}

} // namespace ferry::relay
