#pragma once

// What the redundancy tests check of a pair of clients: the queues each uses to the other, on
// which relays, and that numbered messages arrive once and in order.
#include "agent_fixture.h"
#include "smp/server_address.h"

#include <QElapsedTimer>
#include <QtTest>
#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ferry::test {

using core::agent::ContactQueue;
using core::store::QueueDirection;
using core::store::QueueStatus;

// Queues a client uses to a contact in one direction: not New (being set up) and not
// Draining (moved away from, until its relay can delete it).
inline std::vector<ContactQueue> usable(ClientFixture& client, std::int64_t contactId,
                                        QueueDirection direction) {
    auto queues = client->contactQueues(contactId);
    std::vector<ContactQueue> out;
    if (!queues)
        return out;
    // Moved away from (Draining, until its relay can delete it) is no longer in use.
    for (const auto& q : *queues)
        if (q.direction == direction && q.status != QueueStatus::New &&
            q.status != QueueStatus::Draining)
            out.push_back(q);
    return out;
}

// Waits until each of the pair has `count` usable queues each way to the other.
inline bool queuesEachWay(ClientFixture& a, std::int64_t bAtA, ClientFixture& b, std::int64_t aAtB,
                          std::size_t count) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 30000) {
        if (usable(a, bAtA, QueueDirection::Receive).size() == count &&
            usable(a, bAtA, QueueDirection::Send).size() == count &&
            usable(b, aAtB, QueueDirection::Receive).size() == count &&
            usable(b, aAtB, QueueDirection::Send).size() == count)
            return true;
        QTest::qWait(50);
    }
    return false;
}

// The texts `client` received from one contact, in the order they arrived.
inline std::vector<std::string> textsFrom(ClientFixture& client, std::int64_t contactId) {
    std::vector<std::string> texts;
    client.log.waitFor([&] {
        texts.clear();
        for (const auto& m : client.log.received)
            if (m.contactId == contactId)
                texts.push_back(m.text);
        return true;
    });
    return texts;
}

inline bool receivedCount(ClientFixture& client, std::int64_t contactId, std::size_t count,
                          std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
    return client.log.waitFor(
        [&] {
            std::size_t n = 0;
            for (const auto& m : client.log.received)
                n += m.contactId == contactId;
            return n >= count;
        },
        timeout);
}

inline std::vector<std::string> numbered(const std::string& prefix, int from, int to) {
    std::vector<std::string> out;
    for (int i = from; i < to; ++i)
        out.push_back(prefix + std::to_string(i));
    return out;
}

inline std::string hostOf(const std::string& relay) {
    return core::smp::parseServerAddress(relay)->hosts.front().name;
}

// The hosts of the relays a client uses for one direction to a contact (usable queues).
inline std::set<std::string> hosts(ClientFixture& client, std::int64_t contactId,
                                   QueueDirection direction) {
    std::set<std::string> out;
    for (const auto& q : usable(client, contactId, direction))
        out.insert(hostOf(q.relay));
    return out;
}

// Waits until, each way between the pair, the usable queues are exactly on `expected` hosts,
// all of them in use (none being set up, replaced or drained).
inline bool settledOn(ClientFixture& a, std::int64_t bAtA, ClientFixture& b, std::int64_t aAtB,
                      const std::set<std::string>& expected, int timeoutMs = 60000) {
    auto inUse = [&](ClientFixture& c, std::int64_t contact) {
        auto queues = c->contactQueues(contact);
        if (!queues)
            return false;
        for (const auto& q : *queues)
            if (q.status != QueueStatus::Active && q.status != QueueStatus::Secured &&
                q.status != QueueStatus::Draining)
                return false;
        return hosts(c, contact, QueueDirection::Receive) == expected &&
               hosts(c, contact, QueueDirection::Send) == expected;
    };
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (inUse(a, bAtA) && inUse(b, aAtB))
            return true;
        QTest::qWait(100);
    }
    for (auto [client, contact] : {std::pair{&a, bAtA}, std::pair{&b, aAtB}})
        if (auto queues = (*client)->contactQueues(contact))
            for (const auto& q : *queues)
                qWarning("%s queue on %s: %s", std::string(toText(q.direction)).c_str(),
                         hostOf(q.relay).c_str(), std::string(toText(q.status)).c_str());
    return false;
}

// Sends `count` numbered messages each way, interleaved, and checks each side got them all,
// once, in order; `midway` runs after `count / 3` of them.
inline void exchange(ClientFixture& a, std::int64_t bAtA, ClientFixture& b, std::int64_t aAtB,
                     int count, const std::string& tag, const std::function<void()>& midway = {}) {
    const std::size_t beforeA = textsFrom(a, bAtA).size();
    const std::size_t beforeB = textsFrom(b, aAtB).size();
    for (int i = 0; i < count; ++i) {
        if (i == count / 3 && midway)
            midway();
        auto sent = a->sendMessage(bAtA, tag + "a" + std::to_string(i));
        QVERIFY2(sent.ok(), sent ? "" : sent.error().message.c_str());
        QVERIFY(b->sendMessage(aAtB, tag + "b" + std::to_string(i)).ok());
    }
    QVERIFY(receivedCount(b, aAtB, beforeB + count));
    QVERIFY(receivedCount(a, bAtA, beforeA + count));
    QTest::qWait(300); // a second copy would show up as an extra entry
    auto fromA = textsFrom(b, aAtB);
    auto fromB = textsFrom(a, bAtA);
    QCOMPARE(std::vector<std::string>(fromA.begin() + beforeB, fromA.end()),
             numbered(tag + "a", 0, count));
    QCOMPARE(std::vector<std::string>(fromB.begin() + beforeA, fromB.end()),
             numbered(tag + "b", 0, count));
}

// The pair's ids for each other (Bob at Alice, Alice at Bob).
struct PairIds {
    std::int64_t bAtA = 0;
    std::int64_t aAtB = 0;
};

// The rotation both redundancy tests play: Alice on the relay `first`, Bob on `second`, each
// also knowing the other's relay and `third`. They connect (queues on 127.0.0.1 and .2), and
// 1,000 messages go each way while `loseSecond` takes the second relay away a third of the
// way through; every message must arrive once and in order, the queues move to .1 and .3
// without anyone asking, and 1,000 more go each way through the new pair. The caller checks
// QTest::currentTestFailed() afterwards.
inline PairIds rotateAwayFromSecond(ClientFixture& alice, ClientFixture& bob,
                                    const std::string& first, const std::string& second,
                                    const std::string& third,
                                    const std::function<void()>& loseSecond) {
    PairIds ids;
    const bool added = alice->addRelay(second).ok() && alice->addRelay(third).ok() &&
                       bob->addRelay(first).ok() && bob->addRelay(third).ok();
    if (!added) {
        QTest::qFail("a relay could not be added", __FILE__, __LINE__);
        return ids;
    }
    std::tie(ids.bAtA, ids.aAtB) = connectPair(alice, bob);
    if (!settledOn(alice, ids.bAtA, bob, ids.aAtB, {"127.0.0.1", "127.0.0.2"})) {
        QTest::qFail("the pair did not settle on the first two relays", __FILE__, __LINE__);
        return ids;
    }
    exchange(alice, ids.bAtA, bob, ids.aAtB, 1000, "", loseSecond);
    if (QTest::currentTestFailed())
        return ids;
    if (!settledOn(alice, ids.bAtA, bob, ids.aAtB, {"127.0.0.1", "127.0.0.3"})) {
        QTest::qFail("the queues did not move to the third relay", __FILE__, __LINE__);
        return ids;
    }
    exchange(alice, ids.bAtA, bob, ids.aAtB, 1000, "next");
    return ids;
}

} // namespace ferry::test
