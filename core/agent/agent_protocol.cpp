#include "agent/agent_protocol.h"

#include "agent/agent_errc.h"
#include "crypto/crypto_box.h"
#include "crypto/double_ratchet.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "crypto/x25519_key_pair.h"
#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/key_encoding.h"
#include "smp/padding.h"
#include "util/base64.h"
#include "util/overloaded.h"
#include "util/try.h"

#include <cctype>

namespace ferry::core::agent {

namespace {

constexpr std::string_view kInvitationPrefix = "ferry:/invitation#/?";
constexpr std::string_view kContactPrefix = "ferry:/contact#/?";
constexpr std::string_view kShortInvitationPrefix = "ferry:/i#/?";
constexpr std::string_view kShortAddressPrefix = "ferry:/c#/?";
constexpr std::string_view kLinkDataInfo = "Ferry invitation link";
constexpr std::string_view kAddressLinkIdInfo = "Ferry address link id";
constexpr std::size_t kAddressLinkIdSize = 24;
constexpr std::size_t kX25519Size = 32;

Error linkError(const std::string& what) {
    return makeError(AgentErrc::Link, "not a valid Ferry link: " + what);
}

// RFC 3986 unreserved characters pass; everything else becomes %XX.
std::string percentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xf]);
        }
    }
    return out;
}

std::optional<std::string> percentDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        const Bytes b = fromHex(text.substr(i + 1, 2));
        if (b.size() != 1)
            return std::nullopt;
        out.push_back(static_cast<char>(b[0]));
        i += 2;
    }
    return out;
}

// key=value pairs separated by '&'; the first occurrence of a key wins.
std::optional<std::string> queryParam(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name)
            return std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

void encodeKeys(smp::Encoder& e, const crypto::X3dhPublicKeys& keys) {
    e.raw(keys.identityKey).raw(keys.oneTimeKey);
}

crypto::X3dhPublicKeys decodeKeys(smp::Decoder& d) {
    crypto::X3dhPublicKeys keys;
    keys.identityKey = d.take(kX25519Size);
    keys.oneTimeKey = d.take(kX25519Size);
    return keys;
}

void encodeText(smp::Encoder& e, const std::string& text) {
    e.large(asBytes(text));
}

std::string decodeText(smp::Decoder& d) {
    return toString(d.large());
}

void encodeQueueUri(smp::Encoder& e, const smp::QueueUri& uri) {
    encodeText(e, smp::formatQueueUri(uri));
}

smp::QueueUri decodeQueueUri(smp::Decoder& d) {
    const std::string text = decodeText(d);
    if (!d.ok())
        return {};
    auto uri = smp::parseQueueUri(text);
    if (!uri) {
        d.fail(uri.error().message);
        return {};
    }
    return std::move(uri).value();
}

} // namespace

// ---- Links ----------------------------------------------------------------------------

std::string formatLink(const Link& link) {
    return std::visit(
        Overloaded{
            [](const InvitationLink& l) {
                Bytes keys = l.keys.identityKey;
                append(keys, l.keys.oneTimeKey);
                return std::string(kInvitationPrefix) + "v=" + std::to_string(kAgentVersion) +
                       "&smp=" + percentEncode(smp::formatQueueUri(l.queue)) +
                       "&e2e=" + base64UrlEncode(keys);
            },
            [](const AddressLink& l) {
                return std::string(kContactPrefix) + "v=" + std::to_string(kAgentVersion) +
                       "&smp=" + percentEncode(smp::formatQueueUri(l.queue));
            },
            [](const ShortInvitationLink& l) {
                // The relay address goes as it is: its characters are all
                // allowed in a URI's fragment, and the QR code stays small.
                return std::string(kShortInvitationPrefix) + "v=" + std::to_string(kAgentVersion) +
                       "&l=" + base64UrlEncode(l.linkId) + "&k=" + base64UrlEncode(l.linkKey) +
                       "&smp=" + smp::formatServerAddress(l.server, false);
            },
            [](const ShortAddressLink& l) {
                return std::string(kShortAddressPrefix) + "v=" + std::to_string(kAgentVersion) +
                       "&k=" + base64UrlEncode(l.linkKey) +
                       "&smp=" + smp::formatServerAddress(l.server, false);
            },
        },
        link);
}

namespace {

// A short link's parts: the relay (without a password) and the key; an invitation's link id.
Result<Link> parseShortLink(std::string_view query, bool invitation) {
    const auto server = queryParam(query, "smp");
    auto address = server ? smp::parseServerAddress(*server)
                          : Result<smp::ServerAddress>(makeError(AgentErrc::Link, "missing"));
    if (!address)
        return linkError("the relay address (smp=) is missing or malformed");
    address->basicAuth.reset();
    const auto key = queryParam(query, "k");
    auto linkKey =
        key ? base64UrlDecode(*key) : Result<Bytes>(makeError(AgentErrc::Link, "missing"));
    if (!linkKey || linkKey->size() != kLinkKeySize)
        return linkError("the link key (k=) is missing or malformed");
    if (!invitation)
        return Link{ShortAddressLink{std::move(address).value(), std::move(linkKey).value()}};
    const auto id = queryParam(query, "l");
    auto linkId = id ? base64UrlDecode(*id) : Result<Bytes>(makeError(AgentErrc::Link, "missing"));
    if (!linkId || linkId->empty() || linkId->size() > 64)
        return linkError("the link id (l=) is missing or malformed");
    return Link{ShortInvitationLink{std::move(address).value(), std::move(linkId).value(),
                                    std::move(linkKey).value()}};
}

Result<crypto::CryptoBox> linkDataBox(ByteView linkKey) {
    if (linkKey.size() != kLinkKeySize)
        return makeError(AgentErrc::Link, "a link key must be 32 bytes");
    FERRY_TRY(key, crypto::hkdfSha512({}, linkKey, asBytes(kLinkDataInfo), kLinkKeySize));
    return crypto::CryptoBox::fromSharedSecret(key.view());
}

} // namespace

Result<smp::QueueLinkData> sealLinkData(ByteView linkKey, const Link& longLink) {
    if (!std::holds_alternative<InvitationLink>(longLink) &&
        !std::holds_alternative<AddressLink>(longLink))
        return makeError(AgentErrc::Link, "only a long link goes into link data");
    FERRY_TRY(box, linkDataBox(linkKey));
    smp::QueueLinkData data;
    data.fixedData = crypto::randomBytes(crypto::kCryptoBoxNonceSize);
    FERRY_TRY(sealed, box.seal(data.fixedData, asBytes(formatLink(longLink))));
    append(data.fixedData, sealed);
    return data;
}

Result<Link> openLinkData(ByteView linkKey, const smp::QueueLinkData& data) {
    const Error unreadable =
        makeError(AgentErrc::Link, "what the relay holds for this link does not open with its key");
    auto box = linkDataBox(linkKey);
    if (!box || data.fixedData.size() < crypto::kCryptoBoxNonceSize)
        return unreadable;
    const ByteView fixed(data.fixedData);
    auto opened = box->open(fixed.first(crypto::kCryptoBoxNonceSize),
                            fixed.subspan(crypto::kCryptoBoxNonceSize));
    auto link = opened ? parseLink(toString(*opened)) : Result<Link>(unreadable);
    if (!link || !(std::holds_alternative<InvitationLink>(*link) ||
                   std::holds_alternative<AddressLink>(*link)))
        return unreadable;
    return link;
}

Bytes addressLinkId(ByteView linkKey) {
    auto id = crypto::hkdfSha512({}, linkKey, asBytes(kAddressLinkIdInfo), kAddressLinkIdSize);
    return id ? Bytes(id->view().begin(), id->view().end()) : Bytes{};
}

Result<Link> parseLink(std::string_view text) {
    text = trim(text);
    const bool invitation = text.substr(0, kInvitationPrefix.size()) == kInvitationPrefix;
    const bool contact = text.substr(0, kContactPrefix.size()) == kContactPrefix;
    const bool shortInvitation =
        text.substr(0, kShortInvitationPrefix.size()) == kShortInvitationPrefix;
    const bool shortAddress = text.substr(0, kShortAddressPrefix.size()) == kShortAddressPrefix;
    if (!invitation && !contact && !shortInvitation && !shortAddress)
        return linkError(
            "it must start with ferry:/invitation, ferry:/i, ferry:/contact or ferry:/c");
    const std::string_view query = text.substr(invitation        ? kInvitationPrefix.size()
                                               : contact         ? kContactPrefix.size()
                                               : shortInvitation ? kShortInvitationPrefix.size()
                                                                 : kShortAddressPrefix.size());
    const auto version = queryParam(query, "v");
    if (!version || *version != std::to_string(kAgentVersion))
        return linkError(
            "unsupported version (this Ferry understands v=" + std::to_string(kAgentVersion) + ")");
    if (shortInvitation || shortAddress)
        return parseShortLink(query, shortInvitation);
    const auto smpParam = queryParam(query, "smp");
    const auto smpText = smpParam ? percentDecode(*smpParam) : std::nullopt;
    if (!smpText)
        return linkError("the queue address (smp=) is missing or badly encoded");
    auto queue = smp::parseQueueUri(*smpText);
    if (!queue)
        return linkError(queue.error().message);
    if (contact)
        return Link{AddressLink{std::move(queue).value()}};
    const auto e2e = queryParam(query, "e2e");
    auto keys = e2e ? base64UrlDecode(*e2e) : Result<Bytes>(makeError(AgentErrc::Link, "missing"));
    if (!keys || keys->size() != 2 * kX25519Size)
        return linkError("the encryption keys (e2e=) are missing or malformed");
    InvitationLink link;
    link.queue = std::move(queue).value();
    link.keys.identityKey.assign(keys->begin(), keys->begin() + kX25519Size);
    link.keys.oneTimeKey.assign(keys->begin() + kX25519Size, keys->end());
    return Link{std::move(link)};
}

// ---- Envelope ---------------------------------------------------------------------------

Result<Bytes> sealForQueue(const crypto::X25519KeyPair& senderKey,
                           const crypto::PublicKey& recipientQueueKey, ByteView payload,
                           bool withKey) {
    auto padded = smp::pad(payload, kQueuePayloadSize);
    if (!padded)
        return makeError(AgentErrc::TooLong, "message too long for one envelope");
    auto box = crypto::CryptoBox::fromDh(recipientQueueKey.raw, senderKey);
    if (!box)
        return box.error();
    const Bytes nonce = crypto::randomBytes(crypto::kCryptoBoxNonceSize);
    auto sealed = box->seal(nonce, *padded);
    if (!sealed)
        return sealed.error();
    smp::Encoder e(kQueuePayloadSize + 128);
    e.ch('F').word16(kAgentVersion);
    if (withKey) {
        e.ch('K');
        smp::encodeKey(e, senderKey.publicKey());
    } else {
        e.ch('_');
    }
    e.raw(nonce).raw(*sealed);
    return std::move(e).bytes();
}

Result<OpenedEnvelope> openFromQueue(const crypto::X25519KeyPair& recipientQueueKey,
                                     const std::optional<crypto::PublicKey>& knownSenderKey,
                                     ByteView body) {
    smp::Decoder d(body);
    d.expect('F');
    const std::uint16_t version = d.word16();
    OpenedEnvelope opened;
    const char keyTag = d.ch();
    if (keyTag == 'K')
        opened.senderKey = smp::decodeDhKey(d);
    else if (keyTag != '_')
        d.fail("bad envelope key tag");
    const Bytes nonce = d.take(crypto::kCryptoBoxNonceSize);
    const Bytes sealed = d.tail();
    if (!d.ok())
        return makeError(AgentErrc::Envelope, "malformed envelope: " + d.failure());
    if (version != kAgentVersion)
        return makeError(AgentErrc::Envelope,
                         "unsupported envelope version " + std::to_string(version));
    const auto& senderKey = opened.senderKey ? opened.senderKey : knownSenderKey;
    if (!senderKey)
        return makeError(AgentErrc::Envelope, "first message on a queue without the sender's key");
    auto box = crypto::CryptoBox::fromDh(senderKey->raw, recipientQueueKey);
    if (!box)
        return box.error();
    auto padded = box->open(nonce, sealed);
    if (!padded)
        return makeError(AgentErrc::Envelope, "envelope does not decrypt");
    auto payload = smp::unpad(*padded);
    if (!payload)
        return makeError(AgentErrc::Envelope, payload.error().message);
    opened.payload = std::move(payload).value();
    return opened;
}

// ---- Queue payloads ---------------------------------------------------------------------

Bytes encodeQueuePayload(const QueuePayload& payload) {
    smp::Encoder e;
    std::visit(Overloaded{
                   [&](const Confirmation& c) {
                       e.ch('C');
                       encodeKeys(e, c.joinerKeys);
                       e.large(c.ratchetMessage);
                   },
                   [&](const ContactRequest& r) {
                       e.ch('Q');
                       encodeKeys(e, r.keys);
                       encodeText(e, r.displayName);
                       encodeQueueUri(e, r.replyQueue);
                   },
                   [&](const RatchetPayload& m) { e.ch('M').raw(m.ratchetMessage); },
               },
               payload);
    return std::move(e).bytes();
}

Result<QueuePayload> decodeQueuePayload(ByteView bytes) {
    smp::Decoder d(bytes);
    const char tag = d.ch();
    QueuePayload out = RatchetPayload{};
    if (tag == 'C') {
        Confirmation c;
        c.joinerKeys = decodeKeys(d);
        c.ratchetMessage = d.large();
        d.expectEnd();
        out = std::move(c);
    } else if (tag == 'Q') {
        ContactRequest r;
        r.keys = decodeKeys(d);
        r.displayName = decodeText(d);
        r.replyQueue = decodeQueueUri(d);
        d.expectEnd();
        out = std::move(r);
    } else if (tag == 'M') {
        out = RatchetPayload{d.tail()};
    } else {
        d.fail("unknown payload type");
    }
    if (!d.ok())
        return makeError(AgentErrc::Payload, "malformed queue payload: " + d.failure());
    return out;
}

// ---- Agent messages -------------------------------------------------------------------

Result<void> checkOfferedQueue(const AddQueue& offer) {
    if (offer.queue.queueMode != smp::QueueMode::Messaging)
        return makeError(AgentErrc::Protocol, "an offered queue the sender cannot secure");
    if (!crypto::X25519KeyPair::generate().dh(offer.queue.dhKey.raw))
        return makeError(AgentErrc::Protocol, "an offered queue with an unusable key");
    return {};
}

Bytes encodeAgentMessage(const AgentMessage& message) {
    smp::Encoder e;
    std::visit(Overloaded{
                   [&](const Info& m) {
                       e.ch('I');
                       encodeText(e, m.displayName);
                       encodeQueueUri(e, m.replyQueue);
                   },
                   [&](const Hello& m) {
                       e.ch('H');
                       encodeText(e, m.displayName);
                   },
                   [&](const ChatMessage& m) {
                       e.ch('T').int64(m.id).int64(m.timestamp);
                       encodeText(e, m.text);
                   },
                   [&](const Receipt& m) {
                       e.ch('R').word16(static_cast<std::uint16_t>(m.ids.size()));
                       for (std::int64_t id : m.ids)
                           e.int64(id);
                   },
                   [&](const Goodbye&) { e.ch('D'); },
                   [&](const AddQueue& m) {
                       e.ch('A');
                       encodeQueueUri(e, m.queue);
                   },
                   [&](const QueueInUse&) { e.ch('U'); },
                   [&](const DropQueue& m) {
                       e.ch('X').raw(m.queueKey.raw); // an X25519 key: 32 bytes
                   },
               },
               message);
    return std::move(e).bytes();
}

Result<AgentMessage> decodeAgentMessage(ByteView bytes) {
    smp::Decoder d(bytes);
    const char tag = d.ch();
    AgentMessage out = Goodbye{};
    if (tag == 'I') {
        Info m;
        m.displayName = decodeText(d);
        m.replyQueue = decodeQueueUri(d);
        out = std::move(m);
    } else if (tag == 'H') {
        out = Hello{decodeText(d)};
    } else if (tag == 'T') {
        ChatMessage m;
        m.id = d.int64();
        m.timestamp = d.int64();
        m.text = decodeText(d);
        out = std::move(m);
    } else if (tag == 'R') {
        Receipt r;
        const std::size_t n = d.word16();
        for (std::size_t i = 0; i < n && d.ok(); ++i)
            r.ids.push_back(d.int64());
        out = std::move(r);
    } else if (tag == 'A') {
        out = AddQueue{decodeQueueUri(d)};
    } else if (tag == 'U') {
        out = QueueInUse{};
    } else if (tag == 'X') {
        out = DropQueue{{crypto::KeyAlgorithm::X25519,
                         d.take(crypto::rawKeySize(crypto::KeyAlgorithm::X25519))}};
    } else if (tag != 'D') {
        d.fail("unknown agent message type");
    }
    d.expectEnd();
    if (!d.ok())
        return makeError(AgentErrc::Message, "malformed agent message: " + d.failure());
    return out;
}

std::size_t maxChatTextBytes() {
    // Ratchet plaintext room minus the tag, two Int64 and the Large length.
    return kRatchetMessageSize - crypto::kRatchetMessageOverhead - crypto::kPaddingOverhead - 1 -
           16 - 2;
}

} // namespace ferry::core::agent
