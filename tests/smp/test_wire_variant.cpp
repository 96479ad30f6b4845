// WireVariant: a message type declares its tag, encoder and decoder once; the tag table and
// the dispatch come from the variant. A type that lacks a piece is not a WireMessage, so a
// variant holding it does not compile (checked here with the concept itself).
#include "node/node_wire.h"
#include "smp/command.h"
#include "smp/response.h"
#include "smp/wire_variant.h"

#include <QtTest>

using namespace ferry::core;
using smp::Decoder;
using smp::Encoder;
using smp::Version;

namespace {

struct Hello {
    static constexpr std::string_view kTag = "HELLO";
    std::uint16_t number = 0;
    void encode(Encoder& e, Version) const { e.space().word16(number); }
    static Hello decode(Decoder& d, Version) {
        d.expect(' ');
        return Hello{d.word16()};
    }
};
struct Bye : smp::TagOnly<Bye, Version> {
    static constexpr std::string_view kTag = "BYE";
};
struct NoDecoder {
    static constexpr std::string_view kTag = "NODEC";
    void encode(Encoder&, Version) const {}
};
struct NoEncoder {
    static constexpr std::string_view kTag = "NOENC";
    static NoEncoder decode(Decoder&, Version) { return {}; }
};
struct NoTag {
    void encode(Encoder&, Version) const {}
    static NoTag decode(Decoder&, Version) { return {}; }
};

static_assert(smp::WireMessage<Hello, Version>);
static_assert(smp::WireMessage<Bye, Version>);
static_assert(!smp::WireMessage<NoDecoder, Version>);
static_assert(!smp::WireMessage<NoEncoder, Version>);
static_assert(!smp::WireMessage<NoTag, Version>);
// A decoder for another context (no version) is not this context's decoder.
static_assert(!smp::WireMessage<Hello>);

using Greeting = std::variant<Hello, Bye>;
using GreetingWire = smp::WireVariant<Greeting, Version>;

Bytes encode(const Greeting& g) {
    Encoder e;
    GreetingWire::encode(e, g, 9);
    return std::move(e).bytes();
}

} // namespace

class TestWireVariant : public QObject {
    Q_OBJECT

private slots:
    void tagTableFollowsTheVariant() {
        QCOMPARE(GreetingWire::kTags.size(), std::size_t(2));
        QCOMPARE(GreetingWire::tag(Hello{}), std::string_view("HELLO"));
        QCOMPARE(GreetingWire::tag(Bye{}), std::string_view("BYE"));
        // The real tables: one tag per alternative, in the variant's order.
        QCOMPARE(smp::CommandWire::kTags.size(), std::variant_size_v<smp::Command>);
        QCOMPARE(smp::ResponseWire::kTags.size(), std::variant_size_v<smp::Response>);
        QCOMPARE(node::NodeWire::kTags.size(), std::variant_size_v<node::NodeMessage>);
        QCOMPARE(std::string(smp::commandTag(smp::cmd::Rfwd{})), std::string("RFWD"));
        QCOMPARE(std::string(smp::responseTag(smp::rsp::Pong{})), std::string("PONG"));
        QCOMPARE(node::NodeWire::tag(node::msg::Attach{}), 'D');
    }

    void encodesTagThenFields() {
        const Bytes hello = encode(Hello{0x0102});
        QCOMPARE(hello, (Bytes{'H', 'E', 'L', 'L', 'O', ' ', 0x01, 0x02}));
        const Bytes bye = encode(Bye{});
        QCOMPARE(bye, (Bytes{'B', 'Y', 'E'}));
    }

    void dispatchesByTag() {
        const Bytes hello = encode(Hello{7});
        Decoder d(hello);
        const std::string tag = d.word();
        auto decoded = GreetingWire::decode(tag, d, 9);
        QVERIFY(decoded);
        QVERIFY(d.ok());
        QCOMPARE(std::get<Hello>(*decoded).number, std::uint16_t(7));

        const Bytes unknown{'H', 'I'};
        Decoder u(unknown);
        QVERIFY(!GreetingWire::decode(u.word(), u, 9));
    }
};

QTEST_APPLESS_MAIN(TestWireVariant)
#include "test_wire_variant.moc"
