#include "smp/transmission.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/smp_errc.h"

namespace ferry::core::smp {

Bytes encodeTransmission(Version version, const Transmission& t) {
    Encoder e(t.command.size() + 128);
    e.shortString(t.authorization);
    if (version >= versions::kServiceCerts && !t.authorization.empty())
        e.maybeShortString(t.serviceSignature);
    if (version < versions::kAuthCommands)
        e.shortString(t.sessionId);
    e.shortString(t.corrId).shortString(t.entityId).raw(t.command);
    return std::move(e).bytes();
}

Result<Transmission> decodeTransmission(Version version, ByteView item) {
    Decoder d(item);
    Transmission t;
    t.authorization = d.shortString();
    if (version >= versions::kServiceCerts && !t.authorization.empty())
        t.serviceSignature = d.maybeShortString();
    if (version < versions::kAuthCommands)
        t.sessionId = d.shortString();
    t.corrId = d.shortString();
    t.entityId = d.shortString();
    t.command = d.tail();
    if (!d.ok())
        return makeError(SmpErrc::Block, "bad transmission: " + d.failure());
    return t;
}

Bytes authorizedBytes(ByteView sessionId, ByteView corrId, ByteView entityId, ByteView command) {
    Encoder e(command.size() + 3 + sessionId.size() + corrId.size() + entityId.size());
    e.shortString(sessionId).shortString(corrId).shortString(entityId).raw(command);
    return std::move(e).bytes();
}

} // namespace ferry::core::smp
