// Byte-exact tests of the SMP primitive encodings (simplexmq Encoding.hs instances), padding
// (Crypto.pad/unPad), blocks (Protocol.hs batchTransmissions_/tParse) and transmissions
// (encodeTransmission / transmissionP).
#include "byte_literals.h"
#include "crypto/public_key.h"
#include "smp/block.h"
#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/padding.h"
#include "smp/smp_errc.h"
#include "smp/transmission.h"

#include <QtTest>

using namespace ferry::core;
using namespace ferry::test;

class TestEncoding : public QObject {
    Q_OBJECT

private slots:
    void primitivesEncode() {
        smp::Encoder e;
        e.byte(0x01).word16(0x0203).word32(0x04050607).int64(-2).boolean(true).boolean(false);
        e.shortString(std::string_view("ab")).large(ascii("xyz")).raw(std::string_view("T"));
        e.maybeShortString(std::nullopt).maybeShortString(ascii("p"));
        QCOMPARE(toHex(e.bytes()),
                 toHex(cat(hex("01 0203 04050607 fffffffffffffffe"), ascii("TF"), hex("02"),
                           ascii("ab"), hex("0003"), ascii("xyzT0"), hex("31 01"), ascii("p"))));
    }

    void primitivesDecode() {
        const Bytes in = cat(hex("01 0203 04050607 fffffffffffffffe"), ascii("TF"), hex("02"),
                             ascii("ab"), hex("0003"), ascii("xyz0"), hex("31 01"), ascii("p"));
        smp::Decoder d(in);
        QCOMPARE(d.byte(), 1);
        QCOMPARE(d.word16(), 0x0203);
        QCOMPARE(d.word32(), 0x04050607u);
        QCOMPARE(d.int64(), -2);
        QVERIFY(d.boolean());
        QVERIFY(!d.boolean());
        QCOMPARE(toString(d.shortString()), std::string("ab"));
        QCOMPARE(toString(d.large()), std::string("xyz"));
        QVERIFY(!d.maybeShortString().has_value());
        QCOMPARE(toString(*d.maybeShortString()), std::string("p"));
        d.expectEnd();
        QVERIFY(d.ok());
    }

    void decoderNeverReadsPastTheEnd_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("short length says 5, has 2") << QByteArray("\x05"
                                                                  "ab",
                                                                  3);
        QTest::newRow("large length says 0x0100") << QByteArray("\x01\x00"
                                                                "a",
                                                                3);
        QTest::newRow("bad bool") << QByteArray("X");
        QTest::newRow("bad maybe") << QByteArray("2");
    }

    void decoderNeverReadsPastTheEnd() {
        QFETCH(QByteArray, input);
        const Bytes in(input.begin(), input.end());
        smp::Decoder d(in);
        if (input.startsWith('X')) {
            d.boolean();
        } else if (input.startsWith('2')) {
            d.maybeShortString();
        } else if (input.size() == 3 && input[0] == 1) {
            d.large();
        } else {
            d.shortString();
        }
        QVERIFY(!d.ok());
        QVERIFY(!d.failure().empty());
        // Failure is sticky and later reads return empty values.
        QCOMPARE(d.word16(), 0);
        QVERIFY(d.take(1).empty());
        QCOMPARE(d.remaining(), 0u);
    }

    void padding() {
        auto padded = smp::pad(ascii("hello"), 12);
        QVERIFY(padded.ok());
        QCOMPARE(toHex(*padded), toHex(cat(hex("0005"), ascii("hello#####"))));
        auto back = smp::unpad(*padded);
        QVERIFY(back.ok());
        QCOMPARE(toString(*back), std::string("hello"));
        QVERIFY(!smp::pad(ascii("hello"), 6).ok()); // 2 + 5 > 6
        QVERIFY(smp::pad(ascii("hello"), 7).ok());  // exactly fits, no fill
        QVERIFY(!smp::unpad(hex("00")).ok());
        QVERIFY(!smp::unpad(cat(hex("0009"), ascii("short"))).ok());
    }

    void blockLayout() {
        auto block = smp::encodeBlock({ascii("abc"), ascii("de")});
        QVERIFY(block.ok());
        QCOMPARE(block->size(), smp::kBlockSize);
        // pad( count ‖ Large t1 ‖ Large t2 ): Word16 content length 10, then '#' fill.
        const Bytes head = cat(hex("000a 02 0003"), ascii("abc"), hex("0002"), ascii("de"));
        QCOMPARE(toHex(ByteView(*block).first(head.size())), toHex(head));
        QVERIFY(std::all_of(block->begin() + static_cast<std::ptrdiff_t>(head.size()), block->end(),
                            [](std::uint8_t c) { return c == '#'; }));
        auto items = smp::decodeBlock(*block);
        QVERIFY(items.ok());
        QCOMPARE(items->size(), 2u);
        QCOMPARE(toString((*items)[1]), std::string("de"));
    }

    void blockLimits() {
        QVERIFY(!smp::encodeBlock({}).ok());
        // count byte + Large prefix + content fill the 16,382 bytes left after the pad length.
        QVERIFY(smp::encodeBlock({Bytes(smp::kBlockSize - 5, 'x')}).ok());
        QVERIFY(!smp::encodeBlock({Bytes(smp::kBlockSize - 4, 'x')}).ok());
    }

    void blockRejectsMalformed_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("zero count") << QByteArray("\x00", 1);
        QTest::newRow("count beyond items") << QByteArray("\x02\x00\x01"
                                                          "a",
                                                          4);
        QTest::newRow("item longer than block") << QByteArray("\x01\x7f\xff"
                                                              "a",
                                                              4);
        QTest::newRow("trailing bytes") << QByteArray("\x01\x00\x01"
                                                      "ab",
                                                      5);
    }

    void blockRejectsMalformed() {
        QFETCH(QByteArray, content);
        auto block = smp::pad(Bytes(content.begin(), content.end()), smp::kBlockSize);
        QVERIFY(block.ok());
        auto items = smp::decodeBlock(*block);
        QVERIFY(!items.ok());
        QCOMPARE(items.error().code, std::error_code(ferry::core::smp::SmpErrc::Block));
        QVERIFY(!smp::decodeBlock(Bytes(100, 0)).ok()); // wrong size
    }

    void batcherSplitsIntoBlocks() {
        smp::BlockBatcher batcher;
        for (int i = 0; i < 5; ++i)
            QVERIFY(batcher.add(Bytes(6000, static_cast<std::uint8_t>('a' + i))).ok());
        QVERIFY(!batcher.add(Bytes(smp::kBlockSize, 'z')).ok());
        const std::vector<Bytes> blocks = batcher.takeBlocks();
        QVERIFY(batcher.empty());
        QCOMPARE(blocks.size(), 3u); // two 6000-byte items fit per block
        std::string order;
        for (const Bytes& block : blocks) {
            QCOMPARE(block.size(), smp::kBlockSize);
            auto items = smp::decodeBlock(block);
            QVERIFY(items.ok());
            for (const Bytes& item : *items)
                order.push_back(static_cast<char>(item[0]));
        }
        QCOMPARE(order, std::string("abcde"));
    }

    void batcherCapsItemsAt255() {
        smp::BlockBatcher batcher;
        for (int i = 0; i < 300; ++i)
            QVERIFY(batcher.add(ascii("x")).ok());
        const auto blocks = batcher.takeBlocks();
        QCOMPARE(blocks.size(), 2u);
        QCOMPARE(smp::decodeBlock(blocks[0])->size(), 255u);
    }

    void transmissionV6SendsSessionId() {
        smp::Transmission t{hex("aabb"), ascii("sess"), ascii("corr"), ascii("q"), ascii("PING")};
        const Bytes wire = smp::encodeTransmission(6, t);
        QCOMPARE(toHex(wire), toHex(cat(hex("02 aabb 04"), ascii("sess"), hex("04"), ascii("corr"),
                                        hex("01"), ascii("qPING"))));
        auto back = smp::decodeTransmission(6, wire);
        QVERIFY(back.ok());
        QVERIFY(*back == t);
    }

    void transmissionV7ImpliesSessionId() {
        smp::Transmission t{{}, {}, ascii("c"), {}, ascii("PING")};
        const Bytes wire = smp::encodeTransmission(7, t);
        QCOMPARE(toHex(wire), toHex(cat(hex("00 01"), ascii("c"), hex("00"), ascii("PING"))));
        auto back = smp::decodeTransmission(7, wire);
        QVERIFY(back.ok());
        QVERIFY(*back == t);
        QVERIFY(!smp::decodeTransmission(7, hex("05 01")).ok());
    }

    void transmissionV16CarriesAServiceSignatureSlot() {
        // transmissionP at v16: after a non-empty authorization, Maybe(service signature);
        // none after an empty one.
        smp::Transmission signed_{hex("aabb"), {}, ascii("c"), ascii("q"), ascii("SUB")};
        QCOMPARE(toHex(smp::encodeTransmission(16, signed_)),
                 toHex(cat(hex("02 aabb"), ascii("0"), hex("01"), ascii("c"), hex("01"),
                           ascii("qSUB"))));
        signed_.serviceSignature = hex("5151");
        const Bytes withService = smp::encodeTransmission(16, signed_);
        QCOMPARE(toHex(withService), toHex(cat(hex("02 aabb"), ascii("1"), hex("02 5151 01"),
                                               ascii("c"), hex("01"), ascii("qSUB"))));
        auto back = smp::decodeTransmission(16, withService);
        QVERIFY(back.ok());
        QVERIFY(*back == signed_);
        // Below v16 there is no slot: the same bytes read otherwise.
        QCOMPARE(toHex(smp::encodeTransmission(15, signed_)),
                 toHex(cat(hex("02 aabb 01"), ascii("c"), hex("01"), ascii("qSUB"))));
        smp::Transmission unsigned_{{}, {}, ascii("c"), {}, ascii("PING")};
        QCOMPARE(toHex(smp::encodeTransmission(16, unsigned_)),
                 toHex(smp::encodeTransmission(7, unsigned_)));
        QVERIFY(!smp::decodeTransmission(16, cat(hex("02 aabb"), ascii("X"), hex("01"), ascii("c"),
                                                 hex("00"), ascii("SUB")))
                     .ok());
    }

    void authorizedBytesBindTheSession() {
        // The same at every version: the session id is authorized even when not sent.
        QCOMPARE(
            toHex(smp::authorizedBytes(ascii("S"), ascii("C"), ascii("E"), ascii("SUB"))),
            toHex(cat(hex("01"), ascii("S"), hex("01"), ascii("C"), hex("01"), ascii("ESUB"))));
    }

    void spkiKeys_data() {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<QByteArray>("prefix");
        QTest::newRow("Ed25519") << int(crypto::KeyAlgorithm::Ed25519)
                                 << QByteArray::fromHex("302a300506032b6570032100");
        QTest::newRow("X25519") << int(crypto::KeyAlgorithm::X25519)
                                << QByteArray::fromHex("302a300506032b656e032100");
        QTest::newRow("Ed448") << int(crypto::KeyAlgorithm::Ed448)
                               << QByteArray::fromHex("3043300506032b6571033a00");
        QTest::newRow("X448") << int(crypto::KeyAlgorithm::X448)
                              << QByteArray::fromHex("3042300506032b656f033900");
    }

    void spkiKeys() {
        QFETCH(int, algorithm);
        QFETCH(QByteArray, prefix);
        const auto alg = static_cast<crypto::KeyAlgorithm>(algorithm);
        crypto::PublicKey key{alg, Bytes(crypto::rawKeySize(alg), 0x42)};
        const Bytes der = crypto::encodeSpki(key);
        QCOMPARE(toHex(ByteView(der).first(12)), toHex(Bytes(prefix.begin(), prefix.end())));
        QCOMPARE(der.size(), 12 + key.raw.size());
        auto back = crypto::decodeSpki(der);
        QVERIFY(back.ok());
        QVERIFY(*back == key);
        Bytes truncated(der.begin(), der.end() - 1);
        QVERIFY(!crypto::decodeSpki(truncated).ok());
        Bytes wrongOid = der;
        wrongOid[8] = 0x72;
        QVERIFY(!crypto::decodeSpki(wrongOid).ok());
    }
};

QTEST_APPLESS_MAIN(TestEncoding)
#include "test_encoding.moc"
