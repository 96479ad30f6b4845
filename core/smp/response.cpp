#include "smp/response.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/key_encoding.h"
#include "util/overloaded.h"

namespace ferry::core::smp {

namespace {

std::optional<CommandError> noEntity(bool hasEntity) {
    if (hasEntity)
        return CommandError::HasAuth;
    return std::nullopt;
}

VersionRange readVersionRange(Decoder& d) {
    VersionRange r;
    r.min = d.word16();
    r.max = d.word16();
    if (d.ok() && r.min > r.max)
        d.fail("invalid version range");
    return r;
}

} // namespace

const char* responseTag(const Response& response) {
    static constexpr const char* kTags[] = {"IDS", "MSG",  "NID", "PKEY", "RRES", "PRES",
                                            "END", "INFO", "OK",  "ERR",  "PONG"};
    return kTags[response.index()];
}

Bytes encodeResponse(Version v, const Response& response) {
    Encoder e;
    std::visit(
        Overloaded{
            [&](const rsp::Ids& r) {
                e.raw("IDS ").shortString(r.recipientId).shortString(r.senderId);
                encodeKey(e, r.serverDhKey);
                if (v >= versions::kSenderAuthKey)
                    e.boolean(r.senderCanSecure);
            },
            [&](const rsp::Msg& r) { e.raw("MSG ").shortString(r.msgId).raw(r.encryptedBody); },
            [&](const rsp::Nid& r) {
                e.raw("NID ").shortString(r.notifierId);
                encodeKey(e, r.serverNtfDhKey);
            },
            [&](const rsp::Pkey& r) {
                e.raw("PKEY ").shortString(r.sessionId);
                e.word16(r.versions.min).word16(r.versions.max);
                encodeCertChainPubKey(e, r.certKey);
            },
            [&](const rsp::Rres& r) { e.raw("RRES ").raw(r.encryptedResponse); },
            [&](const rsp::Pres& r) { e.raw("PRES ").raw(r.encryptedResponse); },
            [&](const rsp::Info& r) { e.raw("INFO ").raw(r.json); },
            [&](const rsp::Err& r) {
                e.raw("ERR ");
                encodeErrorType(e, v, r.error);
            },
            [&](const auto&) { e.raw(responseTag(response)); },
        },
        response);
    return std::move(e).bytes();
}

Result<Response> decodeResponse(Version v, ByteView bytes) {
    Decoder d(bytes);
    const std::string tag = d.word();
    // Every branch returns through finish(): building the variant in place keeps GCC 12's
    // -Wmaybe-uninitialized quiet at -O3 (it misreads reassignment of a variant).
    auto finish = [&d](Response r) -> Result<Response> {
        d.expectEnd();
        if (!d.ok())
            return makeError("SYNTAX", d.failure());
        return r;
    };
    if (tag == "IDS") {
        d.expect(' ');
        rsp::Ids ids;
        ids.recipientId = d.shortString();
        ids.senderId = d.shortString();
        ids.serverDhKey = decodeDhKey(d);
        if (v >= versions::kSenderAuthKey)
            ids.senderCanSecure = d.boolean();
        return finish(std::move(ids));
    }
    if (tag == "MSG") {
        d.expect(' ');
        rsp::Msg m;
        m.msgId = d.shortString();
        m.encryptedBody = d.tail();
        return finish(std::move(m));
    }
    if (tag == "NID") {
        d.expect(' ');
        rsp::Nid n;
        n.notifierId = d.shortString();
        n.serverNtfDhKey = decodeDhKey(d);
        return finish(std::move(n));
    }
    if (tag == "PKEY") {
        d.expect(' ');
        rsp::Pkey p;
        p.sessionId = d.shortString();
        p.versions = readVersionRange(d);
        p.certKey = decodeCertChainPubKey(d);
        return finish(std::move(p));
    }
    if (tag == "RRES") {
        d.expect(' ');
        return finish(rsp::Rres{d.tail()});
    }
    if (tag == "PRES") {
        d.expect(' ');
        return finish(rsp::Pres{d.tail()});
    }
    if (tag == "END")
        return finish(rsp::End{});
    if (tag == "INFO") {
        d.expect(' ');
        return finish(rsp::Info{d.tail()});
    }
    if (tag == "OK")
        return finish(rsp::Ok{});
    if (tag == "ERR") {
        d.expect(' ');
        return finish(rsp::Err{decodeErrorType(d)});
    }
    if (tag == "PONG")
        return finish(rsp::Pong{});
    return makeError("UNKNOWN", "unknown response tag");
}

std::optional<CommandError> checkResponseEntity(const Response& response, bool hasEntity) {
    return std::visit(Overloaded{
                          [](const rsp::Ids&) -> std::optional<CommandError> { return {}; },
                          [](const rsp::Err&) -> std::optional<CommandError> { return {}; },
                          [&](const rsp::Pong&) { return noEntity(hasEntity); },
                          [&](const rsp::Pkey&) { return noEntity(hasEntity); },
                          [&](const rsp::Rres&) { return noEntity(hasEntity); },
                          [&](const auto&) -> std::optional<CommandError> {
                              if (!hasEntity)
                                  return CommandError::NoEntity;
                              return {};
                          },
                      },
                      response);
}

} // namespace ferry::core::smp
