// Typed error codes: each module's codes carry a stable tag and words, compare by module and
// value (never by text), and pass unchanged through FERRY_TRY and withContext.
#include "agent/agent_errc.h"
#include "crypto/crypto_errc.h"
#include "nat/nat_errc.h"
#include "net/net_errc.h"
#include "node/node_errc.h"
#include "relay/relay_errc.h"
#include "relay/store/relay_store_errc.h"
#include "smp/smp_errc.h"
#include "store/store_errc.h"
#include "util/result.h"
#include "util/try.h"
#include "util/util_errc.h"

#include <QtTest>
#include <set>

using namespace ferry;

namespace {

core::Result<int> failing() {
    return core::makeError(core::store::StoreErrc::WrongKey, "profile.db: wrong key");
}

core::Result<int> passesItOn() {
    FERRY_TRY(value, failing());
    return value + 1;
}

// Every code of a category from 1 to `count` has its own tag and real words.
void checkCategory(const std::error_category& category, int count) {
    std::set<std::string> tags;
    for (int value = 1; value <= count; ++value) {
        const std::error_code code(value, category);
        const std::string tag = ferry::core::errorTag(code);
        QVERIFY2(!tag.empty() && tag != "<unknown>", category.name());
        QVERIFY2(tags.insert(tag).second, (std::string(category.name()) + ": " + tag).c_str());
        QVERIFY(code.message() != "unknown error code");
        // Tags are lower_snake_case: one spelling, whatever the module.
        for (char c : tag)
            QVERIFY2((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_', tag.c_str());
    }
    QCOMPARE(ferry::core::errorTag(std::error_code(count + 1, category)), std::string("<unknown>"));
}

} // namespace

class TestErrorCodes : public QObject {
    Q_OBJECT

private slots:
    void everyCategoryHasATagAndWordsPerCode() {
        checkCategory(core::crypto::cryptoErrorCategory(), int(core::crypto::CryptoErrc::X509));
        checkCategory(core::smp::smpErrorCategory(), int(core::smp::SmpErrc::QueueUri));
        checkCategory(core::net::netErrorCategory(), int(core::net::NetErrc::Proxy));
        checkCategory(core::node::nodeErrorCategory(), int(core::node::NodeErrc::Internal));
        checkCategory(core::nat::natErrorCategory(), int(core::nat::NatErrc::Refused));
        checkCategory(core::store::storeErrorCategory(), int(core::store::StoreErrc::WrongKey));
        checkCategory(core::agent::agentErrorCategory(), int(core::agent::AgentErrc::Engine));
        checkCategory(core::utilErrorCategory(), int(core::UtilErrc::QrTooLong));
        checkCategory(relay::relayErrorCategory(), int(relay::RelayErrc::NotRunning));
        checkCategory(relay::relayStoreErrorCategory(), int(relay::RelayStoreErrc::Full));
    }

    void codesOfDifferentModulesNeverCompareEqual() {
        // Both were once the string "PADDING"/"padding" and "AUTH"/"auth".
        const std::error_code smpPadding = core::smp::SmpErrc::Padding;
        const std::error_code cryptoPadding = core::crypto::CryptoErrc::Padding;
        QVERIFY(smpPadding != cryptoPadding);
        QCOMPARE(ferry::core::errorTag(smpPadding), ferry::core::errorTag(cryptoPadding));
        QVERIFY(std::error_code(ferry::relay::RelayStoreErrc::Auth) !=
                std::error_code(ferry::core::crypto::CryptoErrc::Auth));
        QCOMPARE(std::string(smpPadding.category().name()), std::string("smp"));
    }

    void errorsKeepTheirCodeWhenPassedUp() {
        auto r = passesItOn();
        QVERIFY(!r);
        QVERIFY(r.error().code == ferry::core::store::StoreErrc::WrongKey);
        const core::Error wrapped = core::withContext(r.error(), "opening Alice");
        QVERIFY(wrapped.code == ferry::core::store::StoreErrc::WrongKey);
        QCOMPARE(wrapped.message, std::string("opening Alice: profile.db: wrong key"));
        QCOMPARE(ferry::core::errorTag(wrapped.code), std::string("wrong_key"));
    }

    void foreignCodesGetTheirCategoryAndNumber() {
        const auto code = std::make_error_code(std::errc::no_such_file_or_directory);
        QCOMPARE(ferry::core::errorTag(code), std::string("generic:") + std::to_string(ENOENT));
    }
};

QTEST_APPLESS_MAIN(TestErrorCodes)
#include "test_error_codes.moc"
