#pragma once

#include "test_smp_client.h"

#include <memory>
#include <string>

namespace ferry::test {

/// A recipient with a subscribed queue and a sender for it, on connections of their own: the
/// well-behaved user that tests of hostile clients watch.
struct RelayPair {
    std::unique_ptr<TestSmpClient> recipient;
    std::unique_ptr<TestSmpClient> sender;
    TestQueue queue;
};

/// Connects both and creates the queue; nullopt on any failure.
inline std::optional<RelayPair> makeRelayPair(const TestClientOptions& options) {
    auto recipient = TestSmpClient::connect(options);
    auto sender = TestSmpClient::connect(options);
    if (!recipient || !sender)
        return std::nullopt;
    RelayPair p{std::move(recipient).value(), std::move(sender).value(), {}};
    if (!createQueue(*p.recipient, p.queue, true))
        return std::nullopt;
    return p;
}

inline bool answeredOk(const core::Result<smp::Response>& r) {
    return r && std::holds_alternative<smp::rsp::Ok>(*r);
}

/// One message from sender to recipient through the relay (SEND, pushed MSG, ACK).
inline bool roundTrip(RelayPair& p, const std::string& body) {
    if (!answeredOk(p.sender->call(p.queue.senderId, smp::cmd::Send{false, core::toBytes(body)})))
        return false;
    auto push = p.recipient->awaitPush();
    auto* msg = push ? std::get_if<smp::rsp::Msg>(&push->response) : nullptr;
    if (!msg)
        return false;
    auto opened = p.queue.open(*msg);
    if (!opened || core::toString(opened->body) != body)
        return false;
    return answeredOk(p.recipient->call(p.queue.recipientId, smp::cmd::Ack{msg->msgId},
                                        Signer{&p.queue.recipientKey}));
}

} // namespace ferry::test
