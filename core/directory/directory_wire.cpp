#include "directory/directory_wire.h"

#include "crypto/server_identity.h"
#include "crypto/signature.h"
#include "directory/directory_errc.h"
#include "smp/server_address.h"
#include "util/base64.h"

#include <boost/json.hpp>
#include <cmath>

namespace ferry::core::directory {

namespace json = boost::json;

namespace {

Error bad(const std::string& why) {
    return makeError(DirectoryErrc::BadRequest, why);
}

Result<json::object> parseObject(std::string_view text, std::size_t maxBytes) {
    if (text.size() > maxBytes)
        return bad("the body is larger than " + std::to_string(maxBytes) + " bytes");
    json::parse_options options;
    options.max_depth = 8;
    boost::system::error_code ec;
    json::value value = json::parse(text, ec, {}, options);
    if (ec)
        return bad("not JSON: " + ec.message());
    if (!value.is_object())
        return bad("expected a JSON object");
    return std::move(value.as_object());
}

/// Typed, checked access to the fields of one object; the first fault is kept.
class Fields {
public:
    explicit Fields(const json::object& object, std::string where = {})
        : m_object(object), m_where(std::move(where)) {}

    std::string text(std::string_view key, std::size_t maxLength, bool optional = false) {
        const json::value* value = find(key, optional);
        if (!value)
            return {};
        if (!value->is_string() || value->as_string().size() > maxLength) {
            fail(key, "a string of at most " + std::to_string(maxLength) + " characters");
            return {};
        }
        return std::string(value->as_string());
    }
    std::uint64_t number(std::string_view key, std::uint64_t max, bool optional = false) {
        const json::value* value = find(key, optional);
        if (!value)
            return 0;
        if (value->is_uint64() && value->as_uint64() <= max)
            return value->as_uint64();
        if (value->is_int64() && value->as_int64() >= 0 &&
            static_cast<std::uint64_t>(value->as_int64()) <= max)
            return static_cast<std::uint64_t>(value->as_int64());
        fail(key, "a whole number 0-" + std::to_string(max));
        return 0;
    }
    double fraction(std::string_view key) {
        const json::value* value = find(key, false);
        if (!value)
            return 0;
        double d = value->is_double()   ? value->as_double()
                   : value->is_int64()  ? static_cast<double>(value->as_int64())
                   : value->is_uint64() ? static_cast<double>(value->as_uint64())
                                        : -1;
        if (!(d >= 0 && d <= 1)) {
            fail(key, "a number from 0 to 1");
            return 0;
        }
        return d;
    }
    bool flag(std::string_view key) {
        const json::value* value = find(key, false);
        if (value && !value->is_bool())
            fail(key, "true or false");
        return value && value->is_bool() && value->as_bool();
    }
    Bytes base64(std::string_view key, std::size_t maxBytes) {
        std::string encoded = text(key, (maxBytes + 2) / 3 * 4);
        if (!m_error && !encoded.empty()) {
            // Padding alone ("=") decodes to nothing, which is no value at all.
            auto decoded = base64UrlDecode(encoded);
            if (decoded && !decoded->empty() && decoded->size() <= maxBytes)
                return std::move(decoded).value();
        }
        if (!m_error)
            fail(key, "base64url");
        return {};
    }
    const json::object* object(std::string_view key) {
        const json::value* value = find(key, false);
        if (value && !value->is_object())
            fail(key, "an object");
        return value && value->is_object() ? &value->as_object() : nullptr;
    }
    const json::array* array(std::string_view key, std::size_t maxItems) {
        const json::value* value = find(key, false);
        if (value && (!value->is_array() || value->as_array().size() > maxItems))
            fail(key, "an array of at most " + std::to_string(maxItems) + " items");
        return value && value->is_array() && !m_error ? &value->as_array() : nullptr;
    }
    void fail(std::string_view key, const std::string& expected) {
        if (!m_error)
            m_error = bad("\"" + m_where + std::string(key) + "\" must be " + expected);
    }
    const std::optional<Error>& error() const { return m_error; }

private:
    const json::value* find(std::string_view key, bool optional) {
        const json::value* value = m_object.if_contains(key);
        if (!value && !optional)
            fail(key, "present");
        return value;
    }

    const json::object& m_object;
    std::string m_where;
    std::optional<Error> m_error;
};

json::object versionsJson(const smp::VersionRange& versions) {
    return {{"min", versions.min}, {"max", versions.max}};
}

smp::VersionRange readVersions(Fields& fields) {
    smp::VersionRange range;
    if (const json::object* object = fields.object("versions")) {
        Fields inner(*object, "versions.");
        range.min = static_cast<smp::Version>(inner.number("min", 0xFFFF));
        range.max = static_cast<smp::Version>(inner.number("max", 0xFFFF));
        if (inner.error())
            fields.fail("versions", "{\"min\":N,\"max\":N}");
        else if (range.min == 0 || range.min > range.max)
            fields.fail("versions", "a range with 1 <= min <= max");
    }
    return range;
}

json::object policyJson(const RelayPolicy& policy) {
    return {{"storage_cap_bytes", policy.storageCapBytes},
            {"new_queues", policy.acceptsNewQueues},
            {"proxy", policy.proxy},
            {"tunnel", policy.tunnel},
            {"checks", policy.checks}};
}

RelayPolicy readPolicy(Fields& fields) {
    RelayPolicy policy;
    if (const json::object* object = fields.object("policy")) {
        Fields inner(*object, "policy.");
        policy.storageCapBytes = inner.number("storage_cap_bytes", 1ull << 50);
        policy.acceptsNewQueues = inner.flag("new_queues");
        policy.proxy = inner.flag("proxy");
        policy.tunnel = inner.flag("tunnel");
        // Added after the first registrations: absent means no.
        policy.checks = object->contains("checks") && inner.flag("checks");
        if (inner.error())
            fields.fail("policy", "an object of storage_cap_bytes, new_queues, proxy, tunnel");
    }
    return policy;
}

bool validRegion(std::string_view region) {
    if (region.size() > kMaxRegionLength)
        return false;
    for (char c : region)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

std::string readRegion(Fields& fields) {
    std::string region = fields.text("region", kMaxRegionLength, true);
    if (!validRegion(region))
        fields.fail("region", "1-32 of a-z, 0-9 and -");
    return region;
}

template <typename T> Result<T> finish(const Fields& fields, T value) {
    if (fields.error())
        return *fields.error();
    return value;
}

/// Unix seconds fit in 53 bits with room to spare; anything larger is nonsense.
constexpr std::uint64_t kMaxTime = 1ull << 40;
constexpr std::size_t kMaxChallengeLength = 128;
constexpr std::size_t kMaxAddressLength = 512;
constexpr std::size_t kMaxCertificateBytes = 4096;

} // namespace

std::string encodeRegistration(const Registration& r) {
    json::object object{{"address", r.address},
                        {"versions", versionsJson(r.versions)},
                        {"policy", policyJson(r.policy)},
                        {"challenge", r.challenge},
                        {"signed_at", r.signedAt}};
    if (!r.region.empty())
        object["region"] = r.region;
    return json::serialize(object);
}

Result<Registration> decodeRegistration(std::string_view text) {
    auto object = parseObject(text, kMaxRequestBytes);
    if (!object)
        return object.error();
    Fields fields(*object);
    Registration r;
    r.address = fields.text("address", kMaxAddressLength);
    r.versions = readVersions(fields);
    r.policy = readPolicy(fields);
    r.region = readRegion(fields);
    r.challenge = fields.text("challenge", kMaxChallengeLength);
    r.signedAt = static_cast<std::int64_t>(fields.number("signed_at", kMaxTime));
    if (!fields.error()) {
        auto address = smp::parseServerAddress(r.address);
        if (!address)
            fields.fail("address", "an smp:// relay address (" + address.error().message + ")");
        else if (address->basicAuth)
            fields.fail("address", "an address without a password");
    }
    return finish(fields, std::move(r));
}

std::string encodeHeartbeat(const Heartbeat& h) {
    return json::serialize(json::object{
        {"fingerprint", h.fingerprint}, {"challenge", h.challenge}, {"signed_at", h.signedAt}});
}

Result<Heartbeat> decodeHeartbeat(std::string_view text) {
    auto object = parseObject(text, kMaxRequestBytes);
    if (!object)
        return object.error();
    Fields fields(*object);
    Heartbeat h;
    h.fingerprint = fields.text("fingerprint", 64);
    h.challenge = fields.text("challenge", kMaxChallengeLength);
    h.signedAt = static_cast<std::int64_t>(fields.number("signed_at", kMaxTime));
    return finish(fields, std::move(h));
}

Bytes signedBytes(PayloadKind kind, std::string_view payload) {
    const std::string_view prefix = kind == PayloadKind::Registration
                                        ? "ferry-directory/1 registration\n"
                                        : "ferry-directory/1 heartbeat\n";
    Bytes bytes(prefix.begin(), prefix.end());
    bytes.insert(bytes.end(), payload.begin(), payload.end());
    return bytes;
}

namespace {

json::object signedPayloadJson(const SignedPayload& s) {
    json::array chain;
    for (const Bytes& certificate : s.chain)
        chain.emplace_back(base64UrlEncode(certificate));
    json::object object{{"payload", s.payload}, {"signature", base64UrlEncode(s.signature)}};
    if (!s.chain.empty())
        object["chain"] = std::move(chain);
    if (s.proof != 0)
        object["proof"] = s.proof;
    return object;
}

Result<SignedPayload> readSignedPayload(const json::object& object) {
    Fields fields(object);
    SignedPayload s;
    s.payload = fields.text("payload", kMaxRequestBytes / 2);
    s.signature = fields.base64("signature", crypto::kEd448SignatureSize);
    s.proof = object.contains("proof") ? fields.number("proof", ~0ull) : 0;
    if (object.contains("chain")) {
        if (const json::array* chain = fields.array("chain", 4)) {
            for (const json::value& item : *chain) {
                auto der = item.is_string() && item.as_string().size() <= kMaxCertificateBytes
                               ? base64UrlDecode(item.as_string())
                               : Result<Bytes>(bad(""));
                if (!der) {
                    fields.fail("chain", "an array of base64url certificates");
                    break;
                }
                s.chain.push_back(std::move(der).value());
            }
        }
    }
    return finish(fields, std::move(s));
}

} // namespace

std::string encodeSignedPayload(const SignedPayload& s) {
    return json::serialize(signedPayloadJson(s));
}

Result<SignedPayload> decodeSignedPayload(std::string_view text) {
    auto object = parseObject(text, kMaxRequestBytes);
    if (!object)
        return object.error();
    return readSignedPayload(*object);
}

Result<SignedPayload> signPayload(PayloadKind kind, std::string payload,
                                  const std::function<Result<Bytes>(ByteView)>& sign,
                                  std::vector<Bytes> chain) {
    auto signature = sign(signedBytes(kind, payload));
    if (!signature)
        return signature.error();
    return SignedPayload{std::move(payload), std::move(chain), std::move(signature).value(), 0};
}

Result<VerifiedRegistration> verifyRegistration(const SignedPayload& s) {
    auto registration = decodeRegistration(s.payload);
    if (!registration)
        return registration.error();
    auto address = smp::parseServerAddress(registration->address);
    if (!address)
        return bad("address: " + address.error().message);
    auto leaf = crypto::verifyServerCertChain(s.chain, address->keyHash);
    if (!leaf)
        return makeError(DirectoryErrc::BadChain, leaf.error().message);
    if (!crypto::verifySignature(*leaf, signedBytes(PayloadKind::Registration, s.payload),
                                 s.signature))
        return makeError(DirectoryErrc::BadSignature,
                         "the registration's signature does not verify with the chain's leaf key");
    return VerifiedRegistration{std::move(registration).value(), address->keyHash,
                                std::move(leaf).value()};
}

bool verifyHeartbeat(const SignedPayload& s, const crypto::PublicKey& signingKey) {
    return crypto::verifySignature(signingKey, signedBytes(PayloadKind::Heartbeat, s.payload),
                                   s.signature);
}

std::string encodeChallenge(const Challenge& c) {
    return json::serialize(json::object{{"challenge", c.challenge},
                                        {"difficulty", c.difficulty},
                                        {"expires_in", c.expiresInSeconds}});
}

Result<Challenge> decodeChallenge(std::string_view text) {
    auto object = parseObject(text, kMaxRequestBytes);
    if (!object)
        return object.error();
    Fields fields(*object);
    Challenge c;
    c.challenge = fields.text("challenge", kMaxChallengeLength);
    c.difficulty = static_cast<unsigned>(fields.number("difficulty", 64));
    c.expiresInSeconds = static_cast<std::uint32_t>(fields.number("expires_in", 86400));
    return finish(fields, std::move(c));
}

namespace {

json::object listedRelayJson(const ListedRelay& r) {
    json::object object{{"address", r.address},
                        {"fingerprint", r.fingerprint},
                        {"state", r.state},
                        {"score", std::round(r.score * 1000) / 1000},
                        {"uptime", std::round(r.uptime * 1000) / 1000},
                        {"last_probe", r.lastProbe},
                        {"listed_since", r.listedSince},
                        {"versions", versionsJson(r.versions)},
                        {"policy", policyJson(r.policy)}};
    if (r.rttMs)
        object["rtt_ms"] = *r.rttMs;
    if (!r.region.empty())
        object["region"] = r.region;
    if (r.heartbeatSeconds)
        object["heartbeat_seconds"] = *r.heartbeatSeconds;
    return object;
}

Result<ListedRelay> readListedRelay(const json::object& object) {
    Fields fields(object);
    ListedRelay r;
    r.address = fields.text("address", kMaxAddressLength);
    r.fingerprint = fields.text("fingerprint", 64);
    r.state = fields.text("state", 16);
    r.score = fields.fraction("score");
    r.uptime = fields.fraction("uptime");
    if (object.contains("rtt_ms"))
        r.rttMs = static_cast<std::uint32_t>(fields.number("rtt_ms", 3'600'000));
    r.lastProbe = static_cast<std::int64_t>(fields.number("last_probe", kMaxTime));
    r.listedSince = static_cast<std::int64_t>(fields.number("listed_since", kMaxTime));
    r.versions = readVersions(fields);
    r.policy = readPolicy(fields);
    r.region = readRegion(fields);
    if (object.contains("heartbeat_seconds"))
        r.heartbeatSeconds =
            static_cast<std::uint32_t>(fields.number("heartbeat_seconds", 7 * 86400));
    return finish(fields, std::move(r));
}

} // namespace

std::string encodeListedRelay(const ListedRelay& relay) {
    return json::serialize(listedRelayJson(relay));
}

std::string encodeRelayList(const std::vector<ListedRelay>& relays) {
    json::array array;
    array.reserve(relays.size());
    for (const ListedRelay& relay : relays)
        array.emplace_back(listedRelayJson(relay));
    return json::serialize(json::object{{"relays", std::move(array)}});
}

Result<ListedRelay> decodeListedRelay(std::string_view text) {
    auto object = parseObject(text, kMaxRequestBytes);
    if (!object)
        return object.error();
    return readListedRelay(*object);
}

Result<std::vector<ListedRelay>> decodeRelayList(std::string_view text) {
    constexpr std::size_t kMaxListBytes = 16 << 20;
    auto object = parseObject(text, kMaxListBytes);
    if (!object)
        return object.error();
    Fields fields(*object);
    std::vector<ListedRelay> relays;
    if (const json::array* array = fields.array("relays", 100'000)) {
        for (const json::value& item : *array) {
            if (!item.is_object())
                return bad("\"relays\" must hold objects");
            auto relay = readListedRelay(item.as_object());
            if (!relay)
                return relay.error();
            relays.push_back(std::move(relay).value());
        }
    }
    return finish(fields, std::move(relays));
}

std::string encodeRegistrationPage(const RegistrationPage& page) {
    json::array registrations;
    registrations.reserve(page.registrations.size());
    for (const auto& registration : page.registrations)
        registrations.emplace_back(signedPayloadJson(registration));
    json::object object{{"registrations", std::move(registrations)}};
    if (!page.next.empty())
        object["next"] = page.next;
    return json::serialize(object);
}

Result<RegistrationPage> decodeRegistrationPage(std::string_view text) {
    auto object = parseObject(text, kMaxRegistrationPage * kMaxRequestBytes);
    if (!object)
        return object.error();
    Fields fields(*object);
    RegistrationPage page;
    page.next = fields.text("next", 64, true);
    if (const json::array* array = fields.array("registrations", kMaxRegistrationPage)) {
        for (const json::value& item : *array) {
            if (!item.is_object())
                return bad("\"registrations\" must hold objects");
            auto registration = readSignedPayload(item.as_object());
            if (!registration)
                return registration.error();
            page.registrations.push_back(std::move(registration).value());
        }
    }
    return finish(fields, std::move(page));
}

std::string encodeErrorBody(const Error& error) {
    return json::serialize(
        json::object{{"error", errorTag(error.code)}, {"message", error.message}});
}

Error decodeErrorBody(std::string_view text, unsigned httpStatus) {
    auto object = parseObject(text, kMaxRequestBytes);
    if (object) {
        Fields fields(*object);
        const std::string tag = fields.text("error", 64);
        const std::string message = fields.text("message", 1024);
        if (!fields.error())
            return makeError(directoryErrcFromTag(tag), message);
    }
    return makeError(DirectoryErrc::Network,
                     "the directory answered HTTP " + std::to_string(httpStatus));
}

} // namespace ferry::core::directory
